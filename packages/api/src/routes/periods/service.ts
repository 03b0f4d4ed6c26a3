import { createHash } from "node:crypto";
import type { Queryable } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ReadDependencies } from "../deps.js";
import type { PeriodQuery } from "./schemas.js";

/** Budget periods from the read model, newest first: currency, shares, and whether closed (with its report hash). */
export async function listPeriods(deps: ReadDependencies, q: PeriodQuery) {
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(deps.db, "periods.list", {
    columns: "*",
    from: "indexed_periods",
    filters: [],
    orderBy: "period_id DESC",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const p = READ_MODEL_TABLES.periods.fromRecord(r);
    const shares = p.shares as Array<{ memberId: number | string; shareBps: number | string }>;
    return {
      periodId: p.periodId,
      currency: p.currency,
      closed: p.closed,
      shares: shares.map((s) => ({ memberId: Number(s.memberId), shareBps: Number(s.shareBps) })),
      reportHash: p.reportHash ?? null,
    };
  });
  return { items, total, totalExact };
}

/**
 * The closing report of `periodId` byte for byte, served only as closed: re-hashed against the hash the
 * close put on chain, so altered books are never handed out as the report.
 */
export async function closingReport(deps: ReadDependencies, periodId: number): Promise<string> {
  const [row] = await deps.db.query<{ report: string }>(
    "periods.getReport",
    "SELECT report FROM period_reports WHERE period_id = $1",
    [periodId],
  );
  if (!row)
    throw new DomainError("report_not_found", `This gateway holds no closing report for period ${periodId}.`, [
      { field: "periodId", value: periodId },
    ]);
  const onChain = (await deps.reader.costLedger.period(periodId)).reportHash.toLowerCase();
  const stored = `0x${createHash("sha256").update(row.report).digest("hex")}`;
  if (stored !== onChain) {
    throw new DomainError(
      "report_altered",
      `The stored report of period ${periodId} is not the one closed on chain: its SHA-256 is ${stored}, the close recorded ${onChain}. Tell the auditor.`,
      [{ field: "periodId", value: periodId }],
    );
  }
  return row.report;
}

/** Keeps a closing report byte for byte: its SHA-256 is the hash on chain, and it is the secretariat's books for the audit export. */
export async function storeClosingReport(
  tx: Queryable,
  report: { periodId: number; reportHash: string; json: string },
): Promise<void> {
  await tx.query(
    "periods.report",
    "INSERT INTO period_reports (period_id, report_hash, report, closed_at) VALUES ($1, $2, $3, $4)",
    [report.periodId, report.reportHash, report.json, new Date().toISOString()],
  );
}
