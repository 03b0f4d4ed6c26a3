import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeNetPositions, type PeriodMemberTotals } from "./computeNetPositions.js";

const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });

describe("computeNetPositions", () => {
  it("produces nets that sum to exactly zero", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ contributed: amount, expensesPaid: amount, fee: amount, income: amount }), {
          minLength: 1,
          maxLength: 30,
        }),
        (rows) => {
          const share = Math.floor(10_000 / rows.length);
          const members: PeriodMemberTotals[] = rows.map((r, i) => ({
            memberId: i + 1,
            shareBps: i === 0 ? 10_000 - share * (rows.length - 1) : share,
            contributed: r.contributed,
            expensesPaid: r.expensesPaid,
            // Fees come in pairs: what member i receives, member i+1 (cyclically) pays.
            feesReceivable: r.fee,
            feesPayable: rows[(i + rows.length - 1) % rows.length].fee,
            // Income as large as the costs or larger: the pool the shares split may be negative.
            incomeReceived: r.income,
          }));
          const nets = computeNetPositions(members);
          expect(nets.reduce((s, n) => s + n.net, 0n)).toBe(0n);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("works a small period by hand", () => {
    const nets = computeNetPositions([
      { memberId: 1, shareBps: 5_000, contributed: 1_000n, expensesPaid: 0n, feesReceivable: 300n, feesPayable: 0n },
      { memberId: 2, shareBps: 5_000, contributed: 0n, expensesPaid: 0n, feesReceivable: 0n, feesPayable: 300n },
    ]);
    // Cost 1,000 split 500/500; member 1 put in 1,000 and earned 300 in fees, member 2 owes both.
    expect(nets).toEqual([
      { memberId: 1, allocatedCost: 500n, net: 800n },
      { memberId: 2, allocatedCost: 500n, net: -800n },
    ]);
  });
  it("hands out income beyond the costs by the same largest-remainder rule, minus the split of its magnitude", () => {
    const nets = computeNetPositions([
      { memberId: 1, shareBps: 3_333, contributed: 100n, expensesPaid: 0n, feesReceivable: 0n, feesPayable: 0n },
      { memberId: 2, shareBps: 3_333, contributed: 0n, expensesPaid: 0n, feesReceivable: 0n, feesPayable: 0n },
      {
        memberId: 3,
        shareBps: 3_334,
        contributed: 0n,
        expensesPaid: 0n,
        feesReceivable: 0n,
        feesPayable: 0n,
        incomeReceived: 1_100n,
      },
    ]);
    // Pool 100 - 1,100 = -1,000: split 1,000 as 333.3 / 333.3 / 333.4 -> 333 / 333 / 334 (largest remainder
    // 0.4 to member 3), handed out. Member 3 holds the 1,100 for the alliance and gives back all but 334.
    expect(nets.map((n) => [n.allocatedCost, n.net])).toEqual([
      [-333n, 433n],
      [-333n, 333n],
      [-334n, -766n],
    ]);
  });
});
