import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { BaseError } from "../../errors/BaseError.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { currencyCode, openPeriod } from "./openPeriod.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("openPeriod", () => {
  it("opens a period with every active member's share, sorted by member id", async () => {
    const { periodId } = await openPeriod(alliance.secretariat, {
      currency: "CNY",
      shares: [
        { memberId: 3, shareBps: 2500 },
        { memberId: 1, shareBps: 4000 },
        { memberId: 2, shareBps: 3500 },
      ],
    });
    expect(periodId).toBe(1);
    expect((await alliance.reader.costLedger.period(periodId)).currency).toBe(currencyCode("CNY"));
    const [ids, shares] = await alliance.reader.costLedger.periodMembers(periodId);
    expect([...ids, ...shares]).toEqual([1n, 2n, 3n, 4000n, 3500n, 2500n]);
  });

  it("is refused while a period is open, and a currency that is no ISO 4217 code before sending", async () => {
    const shares = [
      { memberId: 1, shareBps: 5000 },
      { memberId: 2, shareBps: 2500 },
      { memberId: 3, shareBps: 2500 },
    ];
    await expect(openPeriod(alliance.secretariat, { currency: "EUR", shares })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerPeriodStillOpen,
    );
    await expect(openPeriod(alliance.secretariat, { currency: "cny", shares })).rejects.toBeInstanceOf(BaseError);
  });
});
