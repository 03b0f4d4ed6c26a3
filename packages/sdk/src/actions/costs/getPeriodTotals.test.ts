import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntry } from "./claimEntry.js";
import { confirmEntry } from "./confirmEntry.js";
import { getPeriodTotals } from "./getPeriodTotals.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("getPeriodTotals", () => {
  it("reads every member's confirmed totals in the period's member order", async () => {
    const periodId = await openTestPeriod(alliance);
    const { entryId } = await claimEntry(alliance.members[2], {
      memberId: 3,
      reference: "C-1",
      periodId,
      entry: { kind: "expense", amount: 80_000n },
      evidenceHash: id("invoice"),
    });
    await confirmEntry(alliance.secretariat, { entryId });
    const totals = await getPeriodTotals(alliance.reader, { periodId });
    expect(totals.map((t) => [t.memberId, t.shareBps, t.contributed, t.expensesPaid])).toEqual([
      [1, 4000, 0n, 0n],
      [2, 3500, 0n, 0n],
      [3, 2500, 0n, 80_000n],
    ]);
  });

  it("decodes an unknown period into CostLedgerUnknownPeriod", async () => {
    await expect(getPeriodTotals(alliance.reader, { periodId: 9 })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerUnknownPeriod,
    );
  });
});
