import type { DecidedSharesRow } from "@alliance-ledger/sdk";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ReadDependencies } from "../deps.js";

type Row = Record<string, unknown>;

const decision = (r: DecidedSharesRow | undefined) =>
  r ? { periodId: r.periodId, proposalId: Number(r.proposalId), shares: r.shares } : null;

/**
 * The charter's money and membership terms from the read model: the investment shares, the shares
 * the next period will open with (its own decision, else the charter's), and the minimum
 * contribution rule.
 */
export async function charterTerms(deps: ReadDependencies) {
  const { db } = deps;
  const [last] = await db.query<Row>("charter.lastPeriod", "SELECT MAX(period_id) AS period_id FROM indexed_periods");
  const nextPeriodId = Number(last?.period_id ?? 0) + 1;
  const [decided, rule] = await Promise.all([
    db.query<Row>("charter.shares", "SELECT * FROM indexed_decided_shares WHERE period_id IN (0, $1)", [nextPeriodId]),
    db.query<Row>("charter.rule", "SELECT * FROM indexed_contribution_rule"),
  ]);
  const rows = decided.map(READ_MODEL_TABLES.decidedShares.fromRecord);
  const charter = rows.find((r) => r.periodId === 0);
  const own = rows.find((r) => r.periodId === nextPeriodId);
  const current = rule[0] ? READ_MODEL_TABLES.contributionRule.fromRecord(rule[0]) : undefined;
  return {
    shares: decision(charter),
    nextPeriod: {
      periodId: nextPeriodId,
      source: own ? ("period" as const) : charter ? ("charter" as const) : ("none" as const),
      shares: decision(own ?? charter),
    },
    contributionRule: {
      minContributionIndex: (current?.minIndexPermille ?? 0) / 1000,
      periodsBeforeSuspension: current?.periodsBeforeSuspension ?? 0,
      minPeriodDays: current?.minPeriodDays ?? 0,
      proposalId: current ? Number(current.proposalId) : null,
    },
  };
}
