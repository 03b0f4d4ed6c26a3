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
 * attestation (commitments only: no student data) with each batch's leaf list as kept when it was
 * formed, the cost entries in its books with their status, and every closing report it stores, byte
 * for byte. The export states no scope: the auditor decides what must be there, from the chain.
 */
export async function buildAuditExport(q: Queryable): Promise<AuditExport> {
  const rows = await q.query<OutboxRow>(
    "audit.attestations",
    "SELECT * FROM outbox_attestations WHERE status = 'anchored' ORDER BY batch_root, batch_index",
  );
  const batches = await q.query<{ root: string; issuer_id: number; leaves: string | null }>(
    "audit.batches",
    "SELECT root, issuer_id, leaves FROM outbox_batches WHERE status = 'anchored' ORDER BY root",
  );
  const entries = await q.query<CostEntryRow>(
    "audit.entries",
    "SELECT * FROM cost_entries ORDER BY period_id, member_id, reference",
  );
  const reports = await q.query<{ period_id: number; report: string }>(
    "audit.reports",
    "SELECT period_id, report FROM period_reports ORDER BY period_id",
  );
  return {
    attestations: rows.map((r) => ({
      recordId: r.id,
      batchRoot: r.batch_root!,
      attestation: sealedFromRow(r).attestation,
    })),
    // Batches formed before leaf lists were kept have none: their records are checked as a whole.
    batches: batches
      .filter((b) => b.leaves !== null)
      .map((b) => ({ issuerId: Number(b.issuer_id), root: b.root, leaves: JSON.parse(b.leaves!) as string[] })),
    costEntries: entries.map((e) => ({
      recordId: e.reference,
      entryId: e.entry_id,
      periodId: Number(e.period_id),
      memberId: Number(e.member_id),
      kind: e.kind,
      amount: BigInt(e.amount),
      status: e.status,
    })),
    reports: reports.map((r) => ({ periodId: Number(r.period_id), report: r.report })),
  };
}
