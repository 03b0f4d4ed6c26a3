import { anchorBatch, contractErrors, merkleRootOfLeaves, type AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import { chunkSizes, rowsPerStatement, valuesPlaceholders, type Database, type Queryable } from "../db/database.js";
import { leafOfRow, type OutboxRow } from "./outboxRecords.js";

export interface AnchorPendingBatchesParameters {
  db: Database;
  /** A custodial client per member id: the key the gateway signs with for that member. */
  signers: Map<number, AllianceClient>;
  /** Records per batch; default 4,096. */
  maxBatch?: number;
  logger?: Logger;
}

export interface AnchorReport {
  anchored: Array<{ root: string; issuerId: number; count: number }>;
  recovered: number;
}

/**
 * The batcher: turns pending outbox rows into anchored batches, crash-safe at every step.
 *
 * 1. Recovery first: a batch left "anchoring" by a crash is checked against the chain; if the root is
 *    there it is marked anchored, otherwise it is sent again (same rows, same root: never twice).
 * 2. Rosters placed in their own batches at acceptance ("placed") are sent, then marked anchored.
 * 3. Per issuer, the oldest pending rows become a batch: the root and each row's place in it are
 *    committed ("anchoring") before the transaction is sent, then marked anchored.
 */
export async function anchorPendingBatches(p: AnchorPendingBatchesParameters): Promise<AnchorReport> {
  const report: AnchorReport = { anchored: [], recovered: 0 };
  const maxBatch = p.maxBatch ?? 4096;

  // Batches already formed: one a crash left "anchoring", or a roster "placed" in its own batch as it was
  // accepted. Only their roots are left to send.
  for (const batch of await p.db.query<{ root: string; issuer_id: number; count: number; status: string }>(
    "batches.formed",
    "SELECT root, issuer_id, count, status FROM outbox_batches WHERE status IN ('anchoring', 'placed') ORDER BY created_at, root",
  )) {
    const [issuerId, count] = [Number(batch.issuer_id), Number(batch.count)];
    if (batch.status === "placed" && !p.signers.has(issuerId)) continue; // waits for a self-signed anchor
    await send(p, batch.root, issuerId, count);
    if (batch.status === "anchoring") report.recovered += 1;
    else report.anchored.push({ root: batch.root, issuerId, count });
  }

  const issuers = await p.db.query<{ issuer_id: number }>(
    "outbox.pendingIssuers",
    "SELECT DISTINCT issuer_id FROM outbox_attestations WHERE status = 'pending'",
  );
  for (const { issuer_id } of issuers) {
    const issuerId = Number(issuer_id);
    if (!p.signers.has(issuerId)) {
      p.logger?.warn({ issuerId }, "no custodial key for this member: its attestations wait for a self-signed anchor");
      continue;
    }
    for (;;) {
      const rows = await p.db.query<OutboxRow>(
        "outbox.pending",
        "SELECT * FROM outbox_attestations WHERE status = 'pending' AND issuer_id = $1 ORDER BY seq LIMIT $2",
        [issuerId, maxBatch],
      );
      if (rows.length === 0) break;
      // Each row's leaf binds its place in the batch; the root from the leaves is the same root as the
      // full tree, far cheaper.
      const leaves = rows.map((r, index) => leafOfRow(r, index));
      const root = merkleRootOfLeaves(leaves);
      const leafHex = leaves.map(toHex);
      // The root and every row's place are committed together before the anchor is sent (crash-safe).
      await p.db.transaction(async (tx) => {
        await tx.query(
          "batches.create",
          "INSERT INTO outbox_batches (root, issuer_id, count, status, created_at, leaves) VALUES ($1, $2, $3, 'anchoring', $4, $5)",
          [root, issuerId, rows.length, new Date().toISOString(), JSON.stringify(leafHex)],
        );
        await placeRows(tx, root, rows, leafHex);
      });
      await send(p, root, issuerId, rows.length);
      report.anchored.push({ root, issuerId, count: rows.length });
    }
  }
  return report;
}

const toHex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;

/** Columns of a placement: the row's id, its index in the batch, its leaf. */
const PLACEMENT_COLUMNS = 3;

/**
 * Sets each row's batch, index and leaf, set-based: one UPDATE per few hundred rows, joined to a VALUES
 * list of (id, index, leaf), instead of one UPDATE per row.
 */
async function placeRows(tx: Queryable, root: string, rows: OutboxRow[], leafHex: string[]) {
  let at = 0;
  for (const size of chunkSizes(rows.length, rowsPerStatement(PLACEMENT_COLUMNS, 1))) {
    const params: unknown[] = [];
    for (let i = at; i < at + size; i++) params.push(rows[i].id, i, leafHex[i]);
    params.push(root); // last, so the placeholders run in order (SQLite binds them as plain `?`)
    await tx.query(
      "outbox.assign",
      `WITH placed (id, batch_index, leaf) AS (VALUES ${valuesPlaceholders(size, PLACEMENT_COLUMNS)})
       UPDATE outbox_attestations SET status = 'anchoring', batch_root = $${params.length},
         batch_index = CAST(placed.batch_index AS INTEGER), leaf = placed.leaf
       FROM placed WHERE outbox_attestations.id = placed.id`,
      params,
    );
    at += size;
  }
}

/**
 * Anchors `root` for `issuerId` unless the chain already holds it under that issuer, then marks the batch
 * and its rows anchored. Batches are keyed by (issuer, root), so a root anchored first by another member
 * is not ours and never counts: only the issuer's own batch with our count does.
 */
async function send(p: AnchorPendingBatchesParameters, root: string, issuerId: number, count: number) {
  const client = p.signers.get(issuerId);
  if (!client) return;
  const ours = async () => {
    const b = await client.creditLedger.batch(issuerId, root).catch(() => undefined);
    if (b && Number(b.count) !== count)
      throw new Error(
        `batch ${root} of member ${issuerId} is on chain with ${b.count} records, the outbox has ${count}`,
      );
    return b && Number(b.anchoredAtBlock);
  };
  let block = await ours();
  if (block === undefined) {
    try {
      block = (await anchorBatch(client, { root, count })).blockNumber;
    } catch (error) {
      if (!(error instanceof contractErrors.CreditLedgerBatchExists)) throw error;
      block = await ours();
      if (block === undefined) throw error;
    }
  }
  const blockHash = (await client.provider.getBlock(block))?.hash ?? null;
  await p.db.transaction(async (tx) => {
    await tx.query(
      "batches.anchored",
      "UPDATE outbox_batches SET status = 'anchored', anchored_block = $1, anchored_block_hash = $2 WHERE root = $3",
      [block, blockHash, root],
    );
    await tx.query("outbox.anchored", "UPDATE outbox_attestations SET status = 'anchored' WHERE batch_root = $1", [
      root,
    ]);
  });
  p.logger?.info({ root, issuerId, count, block }, "batch anchored");
}
