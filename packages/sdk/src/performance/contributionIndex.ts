/** A member's period totals as the contribution index reads them (minor units). */
export interface IndexTotals {
  memberId: number;
  shareBps: number;
  contributed: bigint;
  expensesPaid: bigint;
  feesReceivable: bigint;
  feesPayable: bigint;
  incomeReceived?: bigint;
}

const capped = (permille: bigint) => (permille > 2000n ? 2000n : permille);
const atLeastZero = (v: bigint) => (v > 0n ? v : 0n);

/**
 * Each member's contribution index in thousandths, exactly as CostLedger computes it at close:
 *
 *     (min(paid * 1000 / expected, 2000) + min(hosted * 1000 * n / allHosted, 2000)) / 2
 *
 * `paid` is its confirmed contributions and expenses less the alliance income it holds, `expected` its
 * share (floor) of the pool (all costs less all income), `hosted` the fees it earned hosting other
 * schools' students and resource uses less the fees it owes (so two members billing each other host
 * nothing); none below zero, and either half is 1,000 when its denominator is zero. 1,000 is a member
 * that paid its share and hosted the average. Integer division throughout, as the contract's.
 */
export function contributionIndexes(members: readonly IndexTotals[]): Map<number, number> {
  const n = BigInt(members.length);
  const cost = members.reduce((s, m) => s + m.contributed + m.expensesPaid, 0n);
  const income = members.reduce((s, m) => s + (m.incomeReceived ?? 0n), 0n);
  const pool = atLeastZero(cost - income);
  const hostedOf = (m: IndexTotals) => atLeastZero(m.feesReceivable - m.feesPayable);
  const hosted = members.reduce((s, m) => s + hostedOf(m), 0n);
  return new Map(
    members.map((m) => {
      const expected = (pool * BigInt(m.shareBps)) / 10_000n;
      const paid = atLeastZero(m.contributed + m.expensesPaid - (m.incomeReceived ?? 0n));
      const paidPart = expected === 0n ? 1000n : capped((paid * 1000n) / expected);
      const hostedPart = hosted === 0n ? 1000n : capped((hostedOf(m) * 1000n * n) / hosted);
      return [m.memberId, Number((paidPart + hostedPart) / 2n)];
    }),
  );
}
