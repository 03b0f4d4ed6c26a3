import { largestRemainderAllocate } from "./largestRemainderAllocate.js";

/** A member's confirmed running totals for one period, in minor units (as CostLedger.memberTotals). */
export interface PeriodMemberTotals {
  memberId: number;
  shareBps: number;
  contributed: bigint;
  expensesPaid: bigint;
  feesReceivable: bigint;
  feesPayable: bigint;
}

export interface NetPosition {
  memberId: number;
  allocatedCost: bigint;
  net: bigint;
}

const BPS = 10_000n;

/**
 * Each member's net position for a period:
 * `contributed + expensesPaid + feesReceivable - feesPayable - allocatedCost`, where the period's total
 * cost (all contributions and expenses) is split by share with {@link largestRemainderAllocate}.
 * Nets sum to exactly zero. Results keep the order of `members`.
 */
export function computeNetPositions(members: readonly PeriodMemberTotals[]): NetPosition[] {
  const totalCost = members.reduce((sum, m) => sum + m.contributed + m.expensesPaid, 0n);
  const allocation = largestRemainderAllocate(
    totalCost,
    members.map((m) => ({ id: m.memberId, weight: BigInt(m.shareBps) })),
    BPS,
  );
  return members.map((m) => {
    const allocatedCost = allocation.get(m.memberId)!;
    return {
      memberId: m.memberId,
      allocatedCost,
      net: m.contributed + m.expensesPaid + m.feesReceivable - m.feesPayable - allocatedCost,
    };
  });
}
