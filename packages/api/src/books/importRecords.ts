import { attestationLeafHash, buildAttestationTree, type SealedAttestation } from "@alliance-ledger/sdk";
import type { Database } from "../db/database.js";

export interface ImportedRecords {
  /** Batches already anchored on chain, each with its sealed records in tree order. */
  batches: Array<{ root: string; issuerId: number; blockNumber: number; sealed: SealedAttestation[] }>;
  costEntries: Array<{
    entryId: string;
    reference: string;
    periodId: number;
    memberId: number;
    kind: string;
    amount: bigint;
    status: string;
  }>;
  /** Closed periods' canonical reports, byte for byte (their SHA-256 is on chain). */
  reports: Array<{ periodId: number; reportHash: string; json: string }>;
}

/**
 * Takes records anchored outside the gateway (the demo seed, or a school joining with history) into
 * its books, so credential downloads, recognition and the audit export cover them. One transaction;
 * records already held are left as they are, so an interrupted import can be run again.
 */
export async function importRecords(db: Database, p: ImportedRecords): Promise<{ attestations: number }> {
  let attestations = 0;
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    const [{ next }] = await tx.query<{ next: number }>(
      "import.seq",
      "SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox_attestations",
    );
    let seq = Number(next);
    for (const b of p.batches) {
      if (buildAttestationTree(b.sealed.map((s) => s.attestation)).root !== b.root)
        throw new Error(`batch ${b.root}: its records do not rebuild to its root`);
      const inserted = await tx.query(
        "import.batch",
        "INSERT INTO outbox_batches (root, issuer_id, count, status, anchored_block, created_at, leaves) VALUES ($1, $2, $3, 'anchored', $4, $5, $6) ON CONFLICT (root) DO NOTHING RETURNING root",
        [
          b.root,
          b.issuerId,
          b.sealed.length,
          b.blockNumber,
          now,
          JSON.stringify(b.sealed.map((s) => attestationLeafHash(s.attestation))),
        ],
      );
      if (inserted.length === 0) continue;
      for (const [index, s] of b.sealed.entries()) {
        const a = s.attestation;
        const d = s.disclosures;
        await tx.query(
          "import.attestation",
          `INSERT INTO outbox_attestations (id, seq, issuer_id, home_id, course_id, course_version, term, credits, student_ref, grade, completion_date,
             learner_salt, grade_salt, completion_salt, leaf, status, batch_root, batch_index, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'anchored', $16, $17, $18)`,
          [
            `${b.root.slice(2, 18)}-${index}`,
            seq++,
            a.issuerId,
            a.homeId,
            a.courseId,
            a.courseVersion,
            a.term,
            a.credits,
            d.learner.value,
            d.grade.value,
            d.completionDate.value,
            d.learner.salt,
            d.grade.salt,
            d.completionDate.salt,
            attestationLeafHash(a),
            b.root,
            index,
            now,
          ],
        );
        attestations += 1;
      }
    }
    for (const e of p.costEntries) {
      await tx.query(
        "import.entry",
        "INSERT INTO cost_entries (entry_id, reference, period_id, member_id, kind, amount, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (entry_id) DO NOTHING",
        [e.entryId, e.reference, e.periodId, e.memberId, e.kind, e.amount.toString(), e.status, now],
      );
    }
    for (const r of p.reports) {
      await tx.query(
        "import.report",
        "INSERT INTO period_reports (period_id, report_hash, report, closed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (period_id) DO NOTHING",
        [r.periodId, r.reportHash, r.json, now],
      );
    }
  });
  return { attestations };
}
