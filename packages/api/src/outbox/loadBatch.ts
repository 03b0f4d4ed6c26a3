import { buildAttestationTree, type AttestationTree, type SealedAttestation } from "@alliance-ledger/sdk";
import type { Queryable } from "../db/database.js";
import { sealedFromRow, type OutboxRow } from "./outboxRecords.js";

export interface LoadedBatch {
  sealed: SealedAttestation[];
  tree: AttestationTree;
}

/**
 * A loader of anchored batches, rebuilt from the outbox: the sealed attestations in batch order and the
 * Merkle tree whose `getProof(i)` is the proof of row `batch_index = i`. Anchored batches never change
 * and a root names its records, so the last `size` trees are kept (a registrar downloads a batch's
 * credentials one after another). One per gateway, passed to the routes that need it.
 */
export function createBatchLoader(size = 16) {
  const cache = new Map<string, LoadedBatch>();
  return (q: Queryable, root: string) => loadBatch(q, root, cache, size);
}

export type BatchLoader = ReturnType<typeof createBatchLoader>;

async function loadBatch(
  q: Queryable,
  root: string,
  cache: Map<string, LoadedBatch>,
  size: number,
): Promise<LoadedBatch> {
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
    if (cache.size > size) cache.delete(cache.keys().next().value!);
  }
  return loaded;
}
