import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { firstLostBlock } from "../chainWrites/firstLostBlock.js";

/**
 * Checks the batches the outbox believes anchored against the chain, and puts back any the node no
 * longer has (a node restored from an older state after a kill -9) as "anchoring", so the batcher's
 * recovery step anchors it again.
 *
 * Cheap enough to run every few seconds: a block's hash commits to its ancestors, so the newest
 * anchoring block whose hash is unchanged vouches for every batch at or below it; only batches above
 * it (and any whose block hash is not yet noted) are looked up one by one.
 */
export async function verifyAnchoredBatches(p: {
  db: Database;
  reader: AllianceClient;
  logger?: Logger;
}): Promise<{ checked: number; lost: string[] }> {
  const blocks = await p.db.query<{ number: number; hash: string }>(
    "batches.anchoredBlocks",
    "SELECT DISTINCT anchored_block AS number, anchored_block_hash AS hash FROM outbox_batches WHERE status = 'anchored' AND anchored_block_hash IS NOT NULL ORDER BY anchored_block DESC",
  );
  const lostFrom = await firstLostBlock(
    p.reader.provider,
    blocks.map((b) => ({ number: Number(b.number), hash: b.hash })),
  );
  const batches = await p.db.query<{ root: string; issuer_id: number; anchored_block_hash: string | null }>(
    "batches.suspect",
    "SELECT root, issuer_id, anchored_block_hash FROM outbox_batches WHERE status = 'anchored' AND (anchored_block_hash IS NULL OR anchored_block >= $1)",
    [lostFrom],
  );
  const lost: string[] = [];
  for (const { root, issuer_id, anchored_block_hash } of batches) {
    const onChain = await p.reader.creditLedger.batch(Number(issuer_id), root).catch(() => undefined);
    if (onChain) {
      if (anchored_block_hash === null) {
        const hash = (await p.reader.provider.getBlock(Number(onChain.anchoredAtBlock)))?.hash ?? null;
        await p.db.query(
          "batches.noteHash",
          "UPDATE outbox_batches SET anchored_block = $1, anchored_block_hash = $2 WHERE root = $3",
          [Number(onChain.anchoredAtBlock), hash, root],
        );
      }
      continue;
    }
    lost.push(root);
    await p.db.transaction(async (tx) => {
      await tx.query(
        "batches.lost",
        "UPDATE outbox_batches SET status = 'anchoring', anchored_block = NULL, anchored_block_hash = NULL WHERE root = $1",
        [root],
      );
      await tx.query("outbox.lost", "UPDATE outbox_attestations SET status = 'anchoring' WHERE batch_root = $1", [
        root,
      ]);
    });
    p.logger?.warn({ root }, "the node no longer has this anchored batch; it will be anchored again");
  }
  return { checked: batches.length, lost };
}
