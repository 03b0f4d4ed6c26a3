import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { BaseError } from "../../errors/BaseError.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { ProposalAction, proposeDecision } from "../registry/proposeDecision.js";
import { getDecidedShares } from "./getDecidedShares.js";
import { currencyCode, openPeriod } from "./openPeriod.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

const charterShares = [
  { memberId: 3, shareBps: 2500 },
  { memberId: 1, shareBps: 4000 },
  { memberId: 2, shareBps: 3500 },
];

describe("openPeriod", () => {
  it("is refused until the council decides shares: the secretariat cannot choose its own", async () => {
    expect(await getDecidedShares(alliance.reader, { periodId: 1 })).toBeNull();
    await expect(openPeriod(alliance.secretariat, { currency: "CNY" })).rejects.toThrow(/decided no shares/);
    await expect(openPeriod(alliance.secretariat, { currency: "CNY", shares: charterShares })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerSharesNotDecided,
    );
  });

  it("opens a period with the charter's shares, read from the chain when not given, sorted by member id", async () => {
    await proposeDecision(alliance.secretariat, {
      action: ProposalAction.DecideShares,
      shares: { shares: charterShares },
    });
    const decided = await getDecidedShares(alliance.reader, { periodId: 1 });
    expect(decided).toMatchObject({
      source: "charter",
      shares: [...charterShares].sort((a, b) => a.memberId - b.memberId),
    });
    const { periodId } = await openPeriod(alliance.secretariat, { currency: "CNY" });
    expect(periodId).toBe(1);
    expect((await alliance.reader.costLedger.period(periodId)).currency).toBe(currencyCode("CNY"));
    const [ids, shares] = await alliance.reader.costLedger.periodMembers(periodId);
    expect([...ids, ...shares]).toEqual([1n, 2n, 3n, 4000n, 3500n, 2500n]);
  });

  it("is refused while a period is open, and a currency that is no ISO 4217 code before sending", async () => {
    await expect(openPeriod(alliance.secretariat, { currency: "EUR", shares: charterShares })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerPeriodStillOpen,
    );
    await expect(openPeriod(alliance.secretariat, { currency: "cny", shares: charterShares })).rejects.toBeInstanceOf(
      BaseError,
    );
  });

  it("prefers the shares the council decided for one period over the charter's", async () => {
    const own = [
      { memberId: 1, shareBps: 5000 },
      { memberId: 2, shareBps: 2500 },
      { memberId: 3, shareBps: 2500 },
    ];
    await proposeDecision(alliance.secretariat, {
      action: ProposalAction.DecideShares,
      shares: { periodId: 2, shares: own },
    });
    expect(await getDecidedShares(alliance.reader, { periodId: 2 })).toMatchObject({ source: "period", shares: own });
    expect(await getDecidedShares(alliance.reader, { periodId: 3 })).toMatchObject({ source: "charter" });
  });
});
