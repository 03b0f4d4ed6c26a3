import { emptyActivity, type PeriodActivity, periodWindow, scoreMembers } from "@alliance-ledger/sdk";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import { jsonSafe } from "../../jsonSafe.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { PerformanceQuery } from "./schemas.js";

type Row = Record<string, unknown>;

/**
 * The member performance report the council's evaluation reads: what each member of a period did in
 * that period (its blocks: after the previous close, through its own), counted by aggregate queries on
 * the read model, and scored by the SDK's `scoreMembers` with the contract's contribution index. Below
 * the minimum is what the close recorded on chain (for an open period, what it would record now).
 */
export async function memberPerformanceReport(deps: ReadDependencies, q: PerformanceQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const periods = (
    await db.query<Row>("performance.periods", "SELECT * FROM indexed_periods WHERE period_id IN ($1, $2)", [
      q.periodId,
      q.periodId - 1,
    ])
  ).map(READ_MODEL_TABLES.periods.fromRecord);
  const period = periods.find((p) => p.periodId === q.periodId);
  if (!period)
    throw new DomainError("period_not_found", `Period ${q.periodId} has not been opened.`, [
      { field: "periodId", value: q.periodId },
    ]);
  const w = periodWindow(
    period,
    periods.find((p) => p.periodId === q.periodId - 1),
  );
  // Block columns are INTEGER on PostgreSQL: an open period ends at the largest one.
  const range = [w.afterBlock, w.throughBlock ?? 2 ** 31 - 1];
  const [totals, courses, batches, revoked, hosted, decided, hostedUses, usedUses, low, rule] = await Promise.all([
    db.query<Row>("performance.totals", "SELECT * FROM indexed_period_totals WHERE period_id = $1", [q.periodId]),
    db.query<Row>(
      "performance.courses",
      `SELECT host_member_id AS member_id, COUNT(DISTINCT course_id) AS courses, SUM(seats) AS seats
       FROM indexed_course_versions WHERE published_at_block > $1 AND published_at_block <= $2 GROUP BY host_member_id`,
      range,
    ),
    db.query<Row>(
      "performance.batches",
      `SELECT issuer_id AS member_id, SUM(count) AS records FROM indexed_batches
       WHERE block_number > $1 AND block_number <= $2 GROUP BY issuer_id`,
      range,
    ),
    db.query<Row>(
      "performance.revoked",
      `SELECT r.issuer_id AS member_id, COUNT(*) AS records FROM indexed_records r
       JOIN indexed_batches b ON b.issuer_id = r.issuer_id AND b.root = r.root
       WHERE r.revoked = 1 AND b.block_number > $1 AND b.block_number <= $2 GROUP BY r.issuer_id`,
      range,
    ),
    db.query<Row>(
      "performance.recognised",
      `SELECT g.issuer_id AS member_id, SUM(g.recognised_credits) AS credits FROM indexed_recognitions g
       JOIN indexed_records r ON r.key = g.key
       WHERE r.revoked = 0 AND g.block_number > $1 AND g.block_number <= $2 GROUP BY g.issuer_id`,
      range,
    ),
    db.query<Row>(
      "performance.decided",
      `SELECT home_id AS member_id, COUNT(*) AS decisions FROM indexed_recognitions
       WHERE block_number > $1 AND block_number <= $2 GROUP BY home_id`,
      range,
    ),
    db.query<Row>(
      "performance.usesHosted",
      `SELECT host_member_id AS member_id, COUNT(*) AS uses FROM indexed_resource_uses
       WHERE status IN (6, 8) AND updated_at_block > $1 AND updated_at_block <= $2 GROUP BY host_member_id`,
      range,
    ),
    db.query<Row>(
      "performance.usesMade",
      `SELECT user_id AS member_id, COUNT(*) AS uses FROM indexed_resource_uses
       WHERE status IN (6, 8) AND updated_at_block > $1 AND updated_at_block <= $2 GROUP BY user_id`,
      range,
    ),
    db.query<Row>("performance.low", "SELECT * FROM indexed_low_contributions WHERE period_id = $1", [q.periodId]),
    db.query<Row>("performance.rule", "SELECT * FROM indexed_contribution_rule"),
  ]);

  const activity = new Map<number, PeriodActivity>();
  const of = (r: Row) => {
    const memberId = Number(r.member_id);
    const a = activity.get(memberId) ?? emptyActivity(memberId);
    activity.set(memberId, a);
    return a;
  };
  for (const r of courses) Object.assign(of(r), { coursesOffered: Number(r.courses), seatsOffered: Number(r.seats) });
  for (const r of batches) of(r).studentsHosted = Number(r.records);
  for (const r of revoked) of(r).studentsHosted -= Number(r.records);
  for (const r of hosted) of(r).creditsRecognised = Number(r.credits);
  for (const r of decided) of(r).recognitionsDecided = Number(r.decisions);
  for (const r of hostedUses) of(r).resourceUsesHosted = Number(r.uses);
  for (const r of usedUses) of(r).resourceUsesUsed = Number(r.uses);

  // A closed period is reported by the rule its close applied; an open one by the rule in force now.
  const contributionRule = period.closed
    ? period.judged
    : rule[0]
      ? READ_MODEL_TABLES.contributionRule.fromRecord(rule[0])
      : undefined;
  const members = scoreMembers({
    period,
    totals: totals.map(READ_MODEL_TABLES.periodTotals.fromRecord),
    activity: [...activity.values()],
    rule: contributionRule,
    lowContributions: low.map(READ_MODEL_TABLES.lowContributions.fromRecord),
  }).map((m) => ({ ...m, creditsRecognised: hundredthsToCredits(m.creditsRecognised) }));
  return {
    periodId: q.periodId,
    closed: period.closed,
    minContributionIndex: (contributionRule?.minIndexPermille ?? 0) / 1000,
    periodsBeforeSuspension: contributionRule?.periodsBeforeSuspension ?? 0,
    minPeriodDays: contributionRule?.minPeriodDays ?? 0,
    // false: the close did not judge members (too short, or no cost and no hosting); null: no rule applied.
    judged: period.closed ? (period.judged?.judged ?? null) : null,
    members: jsonSafe(members),
  };
}
