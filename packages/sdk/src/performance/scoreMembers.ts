import type { ContributionRule, LowContributionRow, PeriodRow, PeriodTotalsRow } from "../readModel/rows.js";
import { contributionIndexes } from "./contributionIndex.js";
import { emptyActivity, type PeriodActivity } from "./periodActivity.js";

export interface MemberPerformance extends Omit<PeriodActivity, "memberId"> {
  memberId: number;
  /** Confirmed contributions and expenses paid in the period, minor units. */
  contributed: bigint;
  /** Its share (floor) of the pool (everyone's contributions and expenses less income), minor units. */
  expectedContribution: bigint;
  /** Alliance income it received in the period, minor units. */
  incomeReceived: bigint;
  /** Course and resource fees it earned as host in the period, minor units. */
  feesReceivable: bigint;
  /** Fees it owes as home school or resource user, minor units. */
  feesPayable: bigint;
  /** The contract's index (see `contributionIndexes`), as a number: 1.0 paid its share and hosted the average. */
  contributionIndex: number;
  /**
   * Below the charter's minimum: for a closed period as recorded on chain at its close; for an open one,
   * what the close would record if the totals stayed as they are.
   */
  belowMinimum: boolean;
  /** Consecutive low periods up to this one (recorded at close; 0 when not low). */
  consecutiveLowPeriods: number;
  /** The suspension the cost ledger proposed for it at this close, if any. */
  suspensionProposalId?: string;
}

export interface ScoreMembersParameters {
  period: PeriodRow;
  totals: readonly PeriodTotalsRow[];
  /** Each member's activity in the period (`periodActivity`, or the indexer's aggregate queries). */
  activity: readonly PeriodActivity[];
  /** The charter's rule; undefined or a zero minimum flags nobody. */
  rule?: ContributionRule;
  /** What the period's close recorded on chain (the read model's lowContributions rows for it). */
  lowContributions?: readonly LowContributionRow[];
}

/**
 * Member performance for one period: what each member of the period offered, hosted, recognised, used
 * and paid in it (not over all time), its contribution index computed as the contract computes it, and
 * whether it fell below the charter's minimum.
 */
export function scoreMembers(p: ScoreMembersParameters): MemberPerformance[] {
  const totals = new Map(p.totals.map((t) => [t.memberId, t]));
  const activity = new Map(p.activity.map((a) => [a.memberId, a]));
  const low = new Map((p.lowContributions ?? []).map((l) => [l.memberId, l]));
  const members = p.period.shares.map((s) => {
    const t = totals.get(s.memberId);
    return {
      memberId: s.memberId,
      shareBps: s.shareBps,
      contributed: t?.contributed ?? 0n,
      expensesPaid: t?.expensesPaid ?? 0n,
      feesReceivable: t?.feesReceivable ?? 0n,
      feesPayable: t?.feesPayable ?? 0n,
      incomeReceived: t?.incomeReceived ?? 0n,
    };
  });
  const indexes = contributionIndexes(members);
  const cost = members.reduce((s, m) => s + m.contributed + m.expensesPaid, 0n);
  const income = members.reduce((s, m) => s + m.incomeReceived, 0n);
  const pool = cost > income ? cost - income : 0n;
  const minimum = p.rule?.minIndexPermille ?? 0;
  return members.map((m) => {
    const index = indexes.get(m.memberId)!;
    const recorded = low.get(m.memberId);
    const belowMinimum = p.period.closed ? recorded !== undefined : minimum > 0 && index < minimum;
    const { memberId: _, ...counts } = activity.get(m.memberId) ?? emptyActivity(m.memberId);
    return {
      memberId: m.memberId,
      ...counts,
      contributed: m.contributed + m.expensesPaid,
      expectedContribution: (pool * BigInt(m.shareBps)) / 10_000n,
      incomeReceived: m.incomeReceived,
      feesReceivable: m.feesReceivable,
      feesPayable: m.feesPayable,
      contributionIndex: index / 1000,
      belowMinimum,
      consecutiveLowPeriods: recorded?.consecutivePeriods ?? 0,
      ...(recorded?.suspensionProposalId ? { suspensionProposalId: recorded.suspensionProposalId } : {}),
    };
  });
}
