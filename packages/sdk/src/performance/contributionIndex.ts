/** A member's period totals as the contribution index reads them (minor units). */
export interface IndexTotals {
  memberId: number;
  shareBps: number;
  contributed: bigint;
  expensesPaid: bigint;
  feesReceivable: bigint;
}

const capped = (permille: bigint) => (permille > 2000n ? 2000n : permille);

/**
 * Each member's contribution index in thousandths, exactly as CostLedger computes it at close:
 *
 *     (min(paid * 1000 / expected, 2000) + min(feesReceivable * 1000 * n / allFeesReceivable, 2000)) / 2
 *
 * where `paid` is its confirmed contributions and expenses, `expected` its share (floor) of everyone's,
 * and `feesReceivable` what it earned hosting other schools' students and resource uses; either half is
 * 1,000 when its denominator is zero. 1,000 is a member that paid its share and hosted the average.
 * Integer division throughout, so the result equals the contract's to the thousandth.
 */
export function contributionIndexes(members: readonly IndexTotals[]): Map<number, number> {
  const n = BigInt(members.length);
  const cost = members.reduce((s, m) => s + m.contributed + m.expensesPaid, 0n);
  const fees = members.reduce((s, m) => s + m.feesReceivable, 0n);
  return new Map(
    members.map((m) => {
      const expected = (cost * BigInt(m.shareBps)) / 10_000n;
      const paid = expected === 0n ? 1000n : capped(((m.contributed + m.expensesPaid) * 1000n) / expected);
      const hosted = fees === 0n ? 1000n : capped((m.feesReceivable * 1000n * n) / fees);
      return [m.memberId, Number((paid + hosted) / 2n)];
    }),
  );
}
