import { buildAttestationTree, type AttestationTree, type SealedAttestation } from "@alliance-ledger/sdk";
import type { Queryable } from "../db/database.js";
import { sealedFromRow, type OutboxRow } from "./outboxRecords.js";

/**
 * An anchored batch rebuilt from the outbox: its sealed attestations in batch order and the Merkle
 * tree whose `getProof(i)` is the proof of row `batch_index = i`.
 */
export async function loadBatch(q: Queryable, root: string): Promise<{ sealed: SealedAttestation[]; tree: AttestationTree }> {
  const rows = await q.query<OutboxRow>("outbox.batch", "SELECT * FROM outbox_attestations WHERE batch_root = $1 ORDER BY batch_index", [root]);
  const sealed = rows.map(sealedFromRow);
  return { sealed, tree: buildAttestationTree(sealed.map((s) => s.attestation)) };
}
