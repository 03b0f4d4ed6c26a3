import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";

/**
 * Checks every batch the outbox believes anchored against the chain, and puts back any the node no
 * longer has (a node restored from an older state after a kill -9) as "anchoring", so the batcher's
 * recovery step anchors it again. Run at start, before the batcher.
 */
export async function verifyAnchoredBatches(p: { db: Database; reader: AllianceClient; logger?: Logger }): Promise<{ checked: number; lost: string[] }> {
  const batches = await p.db.query<{ root: string; issuer_id: number }>("batches.anchoredAll", "SELECT root, issuer_id FROM outbox_batches WHERE status = 'anchored'");
  const lost: string[] = [];
  for (const { root, issuer_id } of batches) {
    const present = await p.reader.creditLedger.batch(Number(issuer_id), root).then(() => true, () => false);
    if (present) continue;
    lost.push(root);
    await p.db.transaction(async (tx) => {
      await tx.query("batches.lost", "UPDATE outbox_batches SET status = 'anchoring', anchored_block = NULL WHERE root = $1", [root]);
      await tx.query("outbox.lost", "UPDATE outbox_attestations SET status = 'anchoring' WHERE batch_root = $1", [root]);
    });
    p.logger?.warn({ root }, "the node no longer has this anchored batch; it will be anchored again");
  }
  return { checked: batches.length, lost };
}
