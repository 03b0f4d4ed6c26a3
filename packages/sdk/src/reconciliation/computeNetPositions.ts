import { largestRemainderAllocate } from "./largestRemainderAllocate.js";

/** A member's confirmed running totals for one period, in minor units (as CostLedger.memberTotals). */
export interface PeriodMemberTotals {
  memberId: number;
  shareBps: number;
  contributed: bigint;
  expensesPaid: bigint;
  feesReceivable: bigint;
  feesPayable: bigint;
  /** Confirmed alliance income the member received and holds for the alliance (CostLedger.incomeReceived). */
  incomeReceived?: bigint;
}

export interface NetPosition {
  memberId: number;
  allocatedCost: bigint;
  net: bigint;
}

const BPS = 10_000n;

/**
 * Each member's net position for a period:
 * `contributed + expensesPaid + feesReceivable - feesPayable - incomeReceived - allocatedCost`, where the
 * period's pool (all contributions and expenses, less all income) is split by share with
 * {@link largestRemainderAllocate}; a negative pool (more income than cost) is handed out the same way,
 * each allocation minus the split of its magnitude, as CostLedger checks it. Nets sum to exactly zero.
 * Results keep the order of `members`.
 */
export function computeNetPositions(members: readonly PeriodMemberTotals[]): NetPosition[] {
  const pool = members.reduce((sum, m) => sum + m.contributed + m.expensesPaid - (m.incomeReceived ?? 0n), 0n);
  const sign = pool < 0n ? -1n : 1n;
  const allocation = largestRemainderAllocate(
    pool * sign,
    members.map((m) => ({ id: m.memberId, weight: BigInt(m.shareBps) })),
    BPS,
  );
  return members.map((m) => {
    const allocatedCost = allocation.get(m.memberId)! * sign;
    return {
      memberId: m.memberId,
      allocatedCost,
      net: m.contributed + m.expensesPaid + m.feesReceivable - m.feesPayable - (m.incomeReceived ?? 0n) - allocatedCost,
    };
  });
}
