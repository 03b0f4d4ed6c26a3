import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSettlements, type SettlementTransfer } from "./planSettlements.js";

/** Independent oracle: the fewest transfers by exhaustive search (classic debt-settling DFS). */
function bruteForceMinTransfers(nets: bigint[]): number {
  const debts = nets.filter((n) => n !== 0n);
  const dfs = (start: number): number => {
    while (start < debts.length && debts[start] === 0n) start++;
    if (start === debts.length) return 0;
    let best = Infinity;
    for (let i = start + 1; i < debts.length; i++) {
      if (debts[i] > 0n !== debts[start] > 0n && debts[i] !== 0n) {
        debts[i] += debts[start];
        best = Math.min(best, 1 + dfs(start + 1));
        debts[i] -= debts[start];
      }
    }
    return best;
  };
  return dfs(0);
}

/** Nets for n members that sum to zero, with some deliberately cancelling subgroups. */
const netsArb = (maxMembers: number) =>
  fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: maxMembers - 1 }).chain((values) =>
    fc.boolean().map((pairUp) => {
      const nets = values.map(BigInt);
      if (pairUp && nets.length >= 2) nets[1] = -nets[0];
      nets.push(-nets.reduce((s, v) => s + v, 0n));
      return nets.map((net, i) => ({ memberId: i + 1, net }));
    }),
  );

function applied(nets: Array<{ memberId: number; net: bigint }>, plan: SettlementTransfer[]) {
  const balance = new Map(nets.map((n) => [n.memberId, n.net]));
  for (const t of plan) {
    expect(t.amount > 0n).toBe(true);
    balance.set(t.payerId, balance.get(t.payerId)! + t.amount);
    balance.set(t.payeeId, balance.get(t.payeeId)! - t.amount);
  }
  return [...balance.values()];
}

describe("planSettlements", () => {
  it("settles every net exactly", () => {
    fc.assert(
      fc.property(netsArb(30), (nets) => {
        expect(applied(nets, planSettlements({ nets })).every((b) => b === 0n)).toBe(true);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("uses as few transfers as a brute-force search, up to 12 members", () => {
    fc.assert(
      fc.property(netsArb(12), (nets) => {
        expect(planSettlements({ nets }).length).toBe(bruteForceMinTransfers(nets.map((n) => n.net)));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("never needs more than n - 1 transfers beyond the exact range", () => {
    fc.assert(
      fc.property(netsArb(60), (nets) => {
        const plan = planSettlements({ nets, exactUpTo: 0 });
        const nonZero = nets.filter((n) => n.net !== 0n).length;
        expect(plan.length).toBeLessThanOrEqual(Math.max(nonZero - 1, 0));
        expect(applied(nets, plan).every((b) => b === 0n)).toBe(true);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it("finds the pairs hidden among 20 members", () => {
    // Ten pairs (a, -a): the optimum is 10 transfers where one greedy group could take up to 19.
    const nets = Array.from({ length: 20 }, (_, i) => ({
      memberId: i + 1,
      net: BigInt((i % 2 ? -1 : 1) * (1000 + 37 * Math.floor(i / 2))),
    }));
    expect(planSettlements({ nets })).toHaveLength(10);
  });

  it("refuses nets that do not sum to zero", () => {
    expect(() => planSettlements({ nets: [{ memberId: 1, net: 5n }] })).toThrow(/sum to 5/);
  });
});
