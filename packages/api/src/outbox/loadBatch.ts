import { buildAttestationTree, type AttestationTree, type SealedAttestation } from "@alliance-ledger/sdk";
import type { Queryable } from "../db/database.js";
import { sealedFromRow, type OutboxRow } from "./outboxRecords.js";

export interface LoadedBatch {
  sealed: SealedAttestation[];
  tree: AttestationTree;
}

/** Anchored batches never change and a root names its records, so recent trees are kept (a registrar downloads a batch's credentials one after another). */
const CACHE_SIZE = 16;
const cache = new Map<string, LoadedBatch>();

/**
 * An anchored batch rebuilt from the outbox: its sealed attestations in batch order and the Merkle
 * tree whose `getProof(i)` is the proof of row `batch_index = i`.
 */
export async function loadBatch(q: Queryable, root: string): Promise<LoadedBatch> {
  const cached = cache.get(root);
  if (cached) {
    cache.delete(root); // most recently used last
    cache.set(root, cached);
    return cached;
  }
  const rows = await q.query<OutboxRow>(
    "outbox.batch",
    "SELECT * FROM outbox_attestations WHERE batch_root = $1 ORDER BY batch_index",
    [root],
  );
  const sealed = rows.map(sealedFromRow);
  const loaded = { sealed, tree: buildAttestationTree(sealed.map((s) => s.attestation)) };
  if (rows.length > 0 && loaded.tree.root === root && rows.every((r) => r.status === "anchored")) {
    cache.set(root, loaded);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return loaded;
}
