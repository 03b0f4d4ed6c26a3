import type { AuditExport } from "@alliance-ledger/sdk";
import type { Queryable } from "../db/database.js";
import { sealedFromRow, type OutboxRow } from "../outbox/outboxRecords.js";

interface CostEntryRow {
  entry_id: string;
  reference: string;
  period_id: number;
  member_id: number;
  kind: AuditExport["costEntries"][number]["kind"];
  amount: string;
  status: AuditExport["costEntries"][number]["status"];
}

/**
 * What this gateway holds, as the export an auditor checks against the chain: every anchored
 * attestation (commitments only: no student data), the cost entries it submitted with their status,
 * and the member totals of every period it closed, from the report whose hash is on chain. A gateway
 * serves some members of an alliance, so the export names its scope: the issuers, members and periods
 * it holds in full. Records outside the scope are another gateway's to export.
 */
export async function buildAuditExport(q: Queryable): Promise<AuditExport> {
  const rows = await q.query<OutboxRow>("audit.attestations", "SELECT * FROM outbox_attestations WHERE status = 'anchored' ORDER BY batch_root, batch_index");
  const entries = await q.query<CostEntryRow>("audit.entries", "SELECT * FROM cost_entries ORDER BY period_id, member_id, reference");
  const reports = await q.query<{ period_id: number; report: string }>("audit.reports", "SELECT period_id, report FROM period_reports ORDER BY period_id");
  const periodTotals = reports.flatMap((r) =>
    (JSON.parse(r.report) as { members: Array<Record<string, string | number>> }).members.map((m) => ({
      periodId: Number(r.period_id),
      memberId: Number(m.memberId),
      contributed: BigInt(m.contributed),
      expensesPaid: BigInt(m.expensesPaid),
      feesReceivable: BigInt(m.feesReceivable),
      feesPayable: BigInt(m.feesPayable),
    })),
  );
  const distinct = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);
  return {
    attestations: rows.map((r) => ({ recordId: r.id, batchRoot: r.batch_root!, attestation: sealedFromRow(r).attestation })),
    costEntries: entries.map((e) => ({ recordId: e.reference, entryId: e.entry_id, periodId: Number(e.period_id), memberId: Number(e.member_id), kind: e.kind, amount: BigInt(e.amount), status: e.status })),
    periodTotals,
    scope: {
      issuerIds: distinct(rows.map((r) => Number(r.issuer_id))),
      costEntryMemberIds: distinct(entries.map((e) => Number(e.member_id))),
      periodIds: reports.map((r) => Number(r.period_id)),
    },
  };
}
