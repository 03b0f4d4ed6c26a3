import type { Queryable } from "../db/database.js";
import type { SentTransaction } from "./recordingWallet.js";

/** What the journal knows of one acknowledged transaction. */
export interface ChainWriteRow {
  id: string;
  api_key_id: string;
  idem_key: string;
  route: string;
  sender: string;
  target: string;
  calldata: string;
  step: number;
  transaction_hash: string;
  block_number: number | null;
  block_hash: string | null;
  /**
   * on_chain: the chain had it when last looked; resending: lost and sent again; needs_person: can no
   * longer apply; resolved: a person decided what to do instead (the note is in `reason`).
   */
  status: "on_chain" | "resending" | "needs_person" | "resolved";
  resent: number;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Journals the transactions behind an acknowledged write, in the database transaction that stores its
 * answer: a 2xx exists exactly when its transactions are in the journal. The first transaction's hash
 * is the write's id for good, whatever a later re-send's hash is.
 */
export async function journalChainWrites(
  tx: Queryable,
  p: { apiKeyId: string; idemKey: string; route: string; sent: SentTransaction[] },
): Promise<void> {
  const now = new Date().toISOString();
  for (const [step, t] of p.sent.entries()) {
    await tx.query(
      "chainWrites.journal",
      `INSERT INTO chain_writes (id, api_key_id, idem_key, route, sender, target, calldata, step, transaction_hash, status, resent, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $1, 'on_chain', 0, $9, $9) ON CONFLICT (id) DO NOTHING`,
      [t.hash, p.apiKeyId, p.idemKey, p.route, t.sender, t.target, t.calldata, step, now],
    );
  }
}

/** The journalled transactions of one request (one Idempotency-Key), in the order they were sent. */
export function writesOfRequest(db: Queryable, apiKeyId: string, idemKey: string): Promise<ChainWriteRow[]> {
  return db.query<ChainWriteRow>(
    "chainWrites.ofRequest",
    "SELECT * FROM chain_writes WHERE api_key_id = $1 AND idem_key = $2 ORDER BY step",
    [apiKeyId, idemKey],
  );
}

/** A journal row as the API shows it. */
export function chainWriteView(row: ChainWriteRow) {
  return {
    id: row.id,
    route: row.route,
    idempotencyKey: row.idem_key,
    status: row.status,
    transactionHash: row.transaction_hash,
    ...(row.block_number === null ? {} : { blockNumber: Number(row.block_number) }),
    resent: Number(row.resent),
    ...(row.reason ? { reason: row.reason } : {}),
    acknowledgedAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
