import { describe, expect, it } from "vitest";
import { reconcilePeriod, type CostEntryRecord } from "./reconcilePeriod.js";
import { reconciliationReportCsv, reconciliationReportHash, reconciliationReportJson } from "./reconciliationReport.js";

const shares = [
  { memberId: 2, shareBps: 3500 },
  { memberId: 1, shareBps: 4000 },
  { memberId: 3, shareBps: 2500 },
];
const entries: CostEntryRecord[] = [
  { entryId: "a1", memberId: 1, kind: "cash", amount: 1_000_000n, status: "confirmed" },
  { entryId: "c1", memberId: 3, kind: "inKind", amount: 500_000n, status: "confirmed" },
  { entryId: "b1", memberId: 2, kind: "expense", amount: 200_001n, status: "confirmed" },
  { entryId: "b2", memberId: 2, kind: "expense", amount: 999n, status: "rejected" },
  { entryId: "b3", memberId: 2, kind: "cash", amount: 7n, status: "claimed" },
  { entryId: "a2", memberId: 1, kind: "cash", amount: 50_000n, status: "confirmed" },
  { entryId: "a3", memberId: 1, kind: "reversal", amount: 50_000n, reverses: "a2", status: "confirmed" },
];
const fees = [
  { payerId: 2, payeeId: 1, amount: 30_000n },
  { payerId: 3, payeeId: 1, amount: 15_000n },
];

describe("reconcilePeriod", () => {
  const r = reconcilePeriod({ periodId: 2, currency: "CNY", shares, entries, fees });

  it("totals confirmed entries only, applies reversals, and accrues fees both ways", () => {
    expect(r.members.map((m) => [m.memberId, m.contributed, m.expensesPaid, m.feesReceivable, m.feesPayable])).toEqual([
      [1, 1_000_000n, 0n, 45_000n, 0n],
      [2, 0n, 200_001n, 0n, 30_000n],
      [3, 500_000n, 0n, 0n, 15_000n],
    ]);
    expect(r.totalCost).toBe(1_700_001n);
  });

  it("allocates the total cost by largest remainder and nets to exactly zero", () => {
    // 1,700,001 x 40% = 680,000.4; x 35% = 595,000.35; x 25% = 425,000.25 -> the spare unit goes to member 1.
    expect(r.members.map((m) => m.allocatedCost)).toEqual([680_001n, 595_000n, 425_000n]);
    expect(r.members.reduce((s, m) => s + m.net, 0n)).toBe(0n);
    expect(r.settlements.reduce((s, t) => s + t.amount, 0n)).toBe(
      r.members.filter((m) => m.net > 0n).reduce((s, m) => s + m.net, 0n),
    );
  });

  it("writes a canonical report whose hash changes with any amount", () => {
    const json = reconciliationReportJson(r);
    expect(JSON.parse(json).members[0].net).toBe(r.members[0].net.toString());
    expect(reconciliationReportHash(r)).toMatch(/^0x[0-9a-f]{64}$/);
    const altered = { ...r, members: r.members.map((m, i) => (i === 0 ? { ...m, net: m.net + 1n } : m)) };
    expect(reconciliationReportHash(altered)).not.toBe(reconciliationReportHash(r));
    expect(reconciliationReportCsv(r).split("\n")[1]).toBe(`1,4000,1000000,0,45000,0,0,680001,${r.members[0].net}`);
  });

  it("refuses an entry for a member outside the period and a reversal of nothing", () => {
    expect(() =>
      reconcilePeriod({
        periodId: 2,
        currency: "CNY",
        shares,
        entries: [{ entryId: "x", memberId: 9, kind: "cash", amount: 1n, status: "confirmed" }],
        fees: [],
      }),
    ).toThrow(/member 9/);
    expect(() =>
      reconcilePeriod({
        periodId: 2,
        currency: "CNY",
        shares,
        entries: [{ entryId: "r", memberId: 1, kind: "reversal", amount: 1n, reverses: "none", status: "confirmed" }],
        fees: [],
      }),
    ).toThrow(/names no confirmed entry/);
  });
});
