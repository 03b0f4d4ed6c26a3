import { createHash } from "node:crypto";
import { reconcileTotals, type Reconciliation } from "../reconciliation/reconcilePeriod.js";
import { REPORT_FORMAT } from "../reconciliation/reconciliationReport.js";
import type { AuditExport } from "./auditLedger.js";
import { inAuditScope } from "./auditScope.js";
import { totalsKey, type Discrepancy, type ReplayedLedger } from "./replayLedger.js";

const MEMBER_FIELDS = [
  "shareBps",
  "contributed",
  "expensesPaid",
  "feesReceivable",
  "feesPayable",
  "incomeReceived",
  "allocatedCost",
  "net",
] as const;

/** A closed period's reconciliation as the chain's events give it: the report its close should have recorded. */
export function reconciliationFromChain(chain: ReplayedLedger, periodId: number): Reconciliation | undefined {
  const period = chain.periods.get(periodId);
  if (!period) return undefined;
  const totals = period.shares.map((s) => ({
    ...s,
    ...chain.totals.get(totalsKey(periodId, s.memberId))!,
  }));
  return reconcileTotals({ periodId, currency: period.currency, totals });
}

/** Every report format a close may have recorded, oldest first; @1 predates alliance income. */
const REPORT_FORMATS = ["alliance-ledger/reconciliation@1", REPORT_FORMAT];

/** Reports of format @1 predate alliance income: an absent income is none. */
const absentAs = (field: string) => (field === "incomeReceived" ? "0" : undefined);

const sha256 = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;

/**
 * Every closed period in scope has its closing report in the export, byte for byte the one whose
 * SHA-256 the close recorded on chain; and what the report says (each member's totals, allocated cost
 * and net, and the settlement plan) is what the chain's events give. A report is re-read even when its
 * hash is wrong, so the finding names the members or the plan that were changed.
 */
export function checkClosingReports(
  reports: NonNullable<AuditExport["reports"]>,
  chain: ReplayedLedger,
  flag: (d: Discrepancy) => void,
  periodIds?: number[],
) {
  const byPeriod = new Map(reports.map((r) => [r.periodId, r.report]));
  for (const periodId of byPeriod.keys()) {
    if (!chain.periods.get(periodId)?.closed)
      flag({
        code: "REPORT_NOT_ON_CHAIN",
        recordType: "period",
        recordId: String(periodId),
        message: `the export holds a closing report for period ${periodId}, which was never closed on chain`,
      });
  }
  for (const [periodId, period] of chain.periods) {
    if (!period.closed || !inAuditScope(periodIds, periodId)) continue;
    const text = byPeriod.get(periodId);
    const where = `period ${periodId}`;
    if (text === undefined) {
      flag({
        code: "REPORT_MISSING",
        recordType: "period",
        recordId: String(periodId),
        message: `${where} was closed on chain with report ${period.closed.reportHash}; the export does not hold it`,
      });
      continue;
    }
    const hash = sha256(text);
    if (hash !== period.closed.reportHash.toLowerCase()) {
      flag({
        code: "REPORT_ALTERED",
        recordType: "period",
        recordId: String(periodId),
        message: `${where}: the report's SHA-256 is ${hash}, the close recorded ${period.closed.reportHash}`,
      });
    }
    let report: {
      members?: Array<Record<string, unknown>>;
      settlements?: Array<Record<string, unknown>>;
      [headline: string]: unknown;
    };
    try {
      report = JSON.parse(text);
    } catch {
      continue; // not JSON: reported altered above, nothing more to compare
    }
    const expected = reconciliationFromChain(chain, periodId)!;
    // The headline: which period, in what money, and its totals, as the chain's events give them.
    const legacy = report.format === REPORT_FORMATS[0];
    const headline: Array<[string, unknown, unknown]> = [
      ["format", report.format, legacy ? REPORT_FORMATS[0] : REPORT_FORMAT],
      ["periodId", report.periodId, expected.periodId],
      ["currency", report.currency, expected.currency],
      ["totalCost", report.totalCost, expected.totalCost],
      ["totalIncome", report.totalIncome ?? (legacy ? "0" : undefined), expected.totalIncome],
    ];
    const misstated = headline.filter(([, stated, actual]) => String(stated) !== String(actual));
    if (misstated.length)
      flag({
        code: "REPORT_TOTALS_MISMATCH",
        recordType: "period",
        recordId: String(periodId),
        message: `${where}: ${misstated.map(([f, stated, actual]) => `${f} ${stated} in the report, ${actual} from the chain`).join("; ")}`,
      });
    const stated = new Map((report.members ?? []).map((m) => [Number(m.memberId), m]));
    for (const m of expected.members) {
      const s = stated.get(m.memberId);
      stated.delete(m.memberId);
      const wrong = s
        ? MEMBER_FIELDS.filter((f) => String(s[f] ?? absentAs(f)) !== String(m[f] ?? 0n)).map(
            (f) => `${f} ${s[f]} in the report, ${m[f]} from the chain`,
          )
        : ["absent from the report"];
      if (wrong.length)
        flag({
          code: "REPORT_MEMBER_MISMATCH",
          recordType: "periodTotal",
          recordId: totalsKey(periodId, m.memberId),
          message: `${where}, member ${m.memberId}: ${wrong.join("; ")}`,
        });
    }
    for (const memberId of stated.keys()) {
      flag({
        code: "REPORT_MEMBER_MISMATCH",
        recordType: "periodTotal",
        recordId: totalsKey(periodId, memberId),
        message: `${where}: the report lists member ${memberId}, who is not in the period`,
      });
    }
    const plan = (
      list: ReadonlyArray<{
        payerId?: unknown;
        payeeId?: unknown;
        amount?: unknown;
      }>,
    ) => list.map((t) => `${t.payerId}->${t.payeeId}:${t.amount}`).join(", ");
    const [statedPlan, chainPlan] = [plan(report.settlements ?? []), plan(expected.settlements)];
    if (statedPlan !== chainPlan) {
      flag({
        code: "REPORT_SETTLEMENTS_MISMATCH",
        recordType: "period",
        recordId: String(periodId),
        message: `${where}: the report plans [${statedPlan}], the chain's nets give [${chainPlan}]`,
      });
    }
  }
}
