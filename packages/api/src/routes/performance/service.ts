import { scoreMembers } from "@alliance-ledger/sdk";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { jsonSafe } from "../../jsonSafe.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { PerformanceQuery } from "./schemas.js";

/**
 * The member performance report the council's evaluation reads, from the read model: each member's
 * running activity and the period's totals, scored by the SDK's `scoreMembers` (the same scoring as an
 * in-memory fold). Three small reads, one row per member; every key may read it.
 */
export async function memberPerformanceReport(deps: ReadDependencies, q: PerformanceQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const [activity, periods, totals] = await Promise.all([
    db.query<Record<string, unknown>>("performance.activity", "SELECT * FROM indexed_member_activity"),
    db.query<Record<string, unknown>>("performance.period", "SELECT * FROM indexed_periods WHERE period_id = $1", [
      q.periodId,
    ]),
    db.query<Record<string, unknown>>(
      "performance.totals",
      "SELECT * FROM indexed_period_totals WHERE period_id = $1",
      [q.periodId],
    ),
  ]);
  const members = scoreMembers({
    activity: activity.map(READ_MODEL_TABLES.memberActivity.fromRecord),
    period: periods[0] ? READ_MODEL_TABLES.periods.fromRecord(periods[0]) : undefined,
    totals: totals.map(READ_MODEL_TABLES.periodTotals.fromRecord),
    threshold: q.threshold,
  }).map((m) => ({
    ...m,
    creditsAttested: hundredthsToCredits(m.creditsAttested),
    creditsRecognised: hundredthsToCredits(m.creditsRecognised),
  }));
  return { periodId: q.periodId, threshold: q.threshold, members: jsonSafe(members) };
}
