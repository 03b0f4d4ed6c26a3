import type { MemberActivityRow, PeriodRow, PeriodTotalsRow } from "../readModel/rows.js";

export interface MemberPerformance {
  memberId: number;
  coursesOffered: number;
  seatsOffered: number;
  /** Attestations the member issued and did not revoke: students it taught for other schools. */
  studentsHosted: number;
  /** Hundredths of a credit, over the attestation records given. */
  creditsAttested: number;
  /** Hundredths of a credit recognised by home schools for students this member taught (less revoked records). */
  creditsRecognised: number;
  /** Confirmed contributions and expenses paid in the period, minor units. */
  contributed: bigint;
  /** What its share of the period's total cost would be, minor units. */
  expectedContribution: bigint;
  /**
   * contribution index = 0.5 x min(contributed / expected, 2) + 0.5 x min(studentsHosted / mean, 2);
   * 1.0 is an average member that paid its share. Both halves are capped so neither can hide the other.
   */
  contributionIndex: number;
  belowThreshold: boolean;
}

export interface ScoreMembersParameters {
  /** Each member's running activity (the read model's memberActivity rows). */
  activity: readonly MemberActivityRow[];
  /** The period being evaluated, for its members and shares (undefined: not opened). */
  period?: PeriodRow;
  /** The period's totals, one row per member. */
  totals: readonly PeriodTotalsRow[];
  /** The charter's participation threshold on the contribution index; default 0.5. */
  threshold?: number;
}

/**
 * Scores members from the read model's rows: the period's cost shared by its shares, each member's
 * contributions against its share, students hosted against the mean, and the charter's threshold.
 * The indexer's tables and an in-memory fold give the same rows, so the same scores.
 */
export function scoreMembers(p: ScoreMembersParameters): MemberPerformance[] {
  const ids = new Set<number>([
    ...p.activity.map((a) => a.memberId),
    ...(p.period?.shares.map((s) => s.memberId) ?? []),
    ...p.totals.map((t) => t.memberId),
  ]);
  const activity = new Map(p.activity.map((a) => [a.memberId, a]));
  const paid = new Map(p.totals.map((t) => [t.memberId, t.contributed + t.expensesPaid]));
  const shares = new Map(p.period?.shares.map((s) => [s.memberId, s.shareBps]) ?? []);
  const totalCost = [...paid.values()].reduce((s, v) => s + v, 0n);
  const rows = [...ids]
    .sort((x, y) => x - y)
    .map((memberId) => {
      const a = activity.get(memberId);
      return {
        memberId,
        coursesOffered: a?.coursesOffered ?? 0,
        seatsOffered: a?.seatsOffered ?? 0,
        studentsHosted: a?.studentsHosted ?? 0,
        creditsAttested: a?.creditsAttested ?? 0,
        creditsRecognised: a?.creditsRecognised ?? 0,
        contributed: paid.get(memberId) ?? 0n,
        expectedContribution: (totalCost * BigInt(shares.get(memberId) ?? 0)) / 10_000n,
        contributionIndex: 0,
        belowThreshold: false,
      };
    });
  const meanHosted = rows.reduce((s, r) => s + r.studentsHosted, 0) / Math.max(rows.length, 1);
  const threshold = p.threshold ?? 0.5;
  for (const r of rows) {
    const paidRatio =
      r.expectedContribution === 0n ? 1 : Number((r.contributed * 1000n) / r.expectedContribution) / 1000;
    const hosted = meanHosted === 0 ? 1 : r.studentsHosted / meanHosted;
    r.contributionIndex = Math.round((0.5 * Math.min(paidRatio, 2) + 0.5 * Math.min(hosted, 2)) * 1000) / 1000;
    r.belowThreshold = r.contributionIndex < threshold;
  }
  return rows;
}
