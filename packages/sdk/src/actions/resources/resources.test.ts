import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openDecidedPeriod } from "../../testing/openDecidedPeriod.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { acceptResourceUse } from "./acceptResourceUse.js";
import { cancelResourceUse } from "./cancelResourceUse.js";
import { confirmResourceUse } from "./confirmResourceUse.js";
import { declineResourceUse } from "./declineResourceUse.js";
import { disputeResourceUse } from "./disputeResourceUse.js";
import { publishResource } from "./publishResource.js";
import { publishResourceVersion } from "./publishResourceVersion.js";
import { recordResourceDelivery } from "./recordResourceDelivery.js";
import { requestResourceUse } from "./requestResourceUse.js";
import { resolveResourceDispute } from "./resolveResourceDispute.js";
import { dayOfIsoDate, isoDateOfDay, personCommitment, resourceKindCode, textHash } from "./resourceExchange.js";
import { retireResource } from "./retireResource.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

const terms = { unit: "day" as const, pricePerUnit: 80_000n, capacity: 4, termsHash: id("lab terms") };
const days = { startDay: dayOfIsoDate("2026-03-02"), endDay: dayOfIsoDate("2026-03-03") };

describe("shared resource actions", () => {
  it("counts days as the contract does", () => {
    expect(dayOfIsoDate("1970-01-02")).toBe(1);
    expect(isoDateOfDay(dayOfIsoDate("2026-03-02"))).toBe("2026-03-02");
    expect(() => dayOfIsoDate("2026-13-40")).toThrow();
  });

  it("publishes, versions and retires a resource; another kind needs its name", async () => {
    const [host, user] = alliance.members;
    const { resourceId, kindCode } = await publishResource(host, { kind: "labOrTrainingRoom", terms });
    expect(kindCode).toBe(`0x${"00".repeat(32)}`);
    const { version } = await publishResourceVersion(host, { resourceId, terms: { ...terms, capacity: 6 } });
    expect(version).toBe(2);
    await expect(retireResource(user, { resourceId })).rejects.toBeInstanceOf(contractErrors.ResourceExchangeNotHost);
    await retireResource(host, { resourceId });
    await expect(requestResourceUse(user, { resourceId, quantity: 1, ...days })).rejects.toBeInstanceOf(
      contractErrors.ResourceExchangeResourceRetired,
    );
    const other = await publishResource(host, { kind: "other", kindName: "sports-ground", terms });
    expect(other.kindCode).toBe(resourceKindCode("sports-ground"));
    await expect(publishResource(host, { kind: "other", terms })).rejects.toBeInstanceOf(
      contractErrors.ResourceExchangeInvalidKind,
    );
  });

  it("takes a use from request to confirmation and a dispute to its resolution, fees into the open period", async () => {
    const [host, user] = alliance.members;
    const { periodId } = await openDecidedPeriod(alliance.secretariat, {
      currency: "CNY",
      shares: [
        { memberId: 1, shareBps: 4000 },
        { memberId: 2, shareBps: 3500 },
        { memberId: 3, shareBps: 2500 },
      ],
    });
    const { resourceId } = await publishResource(host, { kind: "teacherSecondment", terms });
    await expect(requestResourceUse(host, { resourceId, quantity: 1, ...days })).rejects.toBeInstanceOf(
      contractErrors.ResourceExchangeOwnResource,
    );
    const requested = await requestResourceUse(user, {
      resourceId,
      quantity: 2,
      ...days,
      memberId: 2,
      person: { ref: "intern 2026-017" },
    });
    expect(requested.person?.commitment).toBe(personCommitment(requested.person!.salt, 2, "intern 2026-017"));
    const tx = await alliance.provider.getTransaction(requested.transactionHash);
    expect(tx!.data).not.toContain(Buffer.from("intern 2026-017").toString("hex"));
    const accepted = await acceptResourceUse(host, {
      useId: requested.useId,
      memberId: 1,
      person: { ref: "T-0042" },
    });
    expect(accepted.person?.commitment).toMatch(/^0x[0-9a-f]{64}$/);
    await recordResourceDelivery(host, { useId: requested.useId, deliveredQuantity: 2, deliveryHash: id("sheet") });
    const confirmed = await confirmResourceUse(user, { useId: requested.useId });
    expect(confirmed).toMatchObject({ billedQuantity: 2, fee: 160_000n, periodId });

    const second = await requestResourceUse(user, { resourceId, quantity: 3, ...days });
    await acceptResourceUse(host, { useId: second.useId });
    await recordResourceDelivery(host, { useId: second.useId, deliveredQuantity: 3, deliveryHash: id("sheet 2") });
    await expect(confirmResourceUse(host, { useId: second.useId })).rejects.toBeInstanceOf(
      contractErrors.ResourceExchangeNotUser,
    );
    expect(
      await disputeResourceUse(user, { useId: second.useId, reasonHash: textHash("one day missed") }),
    ).toMatchObject({ disputingMemberId: 2 });
    await expect(
      resolveResourceDispute(alliance.members[2], { useId: second.useId, resolvedQuantity: 2, reasonHash: id("r") }),
    ).rejects.toBeInstanceOf(contractErrors.RegistryMissingRole);
    const resolved = await resolveResourceDispute(alliance.secretariat, {
      useId: second.useId,
      resolvedQuantity: 2,
      reasonHash: textHash("the attendance sheet shows two days"),
    });
    expect(resolved).toMatchObject({ fee: 160_000n, periodId });
  });

  it("declines with a reason and cancels only a request", async () => {
    const [host, user] = alliance.members;
    const { resourceId } = await publishResource(host, { kind: "equipment", terms: { ...terms, unit: "hour" } });
    const a = await requestResourceUse(user, { resourceId, quantity: 1, ...days });
    await expect(
      declineResourceUse(host, { useId: a.useId, reasonHash: `0x${"00".repeat(32)}` }),
    ).rejects.toBeInstanceOf(contractErrors.ResourceExchangeMissingReason);
    await declineResourceUse(host, { useId: a.useId, reasonHash: textHash("booked") });
    await expect(
      recordResourceDelivery(host, { useId: a.useId, deliveredQuantity: 1, deliveryHash: id("x") }),
    ).rejects.toBeInstanceOf(contractErrors.ResourceExchangeInvalidStatus);
    const b = await requestResourceUse(user, { resourceId, quantity: 1, ...days });
    await expect(cancelResourceUse(host, { useId: b.useId })).rejects.toBeInstanceOf(
      contractErrors.ResourceExchangeNotUser,
    );
    await cancelResourceUse(user, { useId: b.useId });
    expect((await alliance.reader.resourceExchange!.use(b.useId)).status).toBe(4n);
  });
});
