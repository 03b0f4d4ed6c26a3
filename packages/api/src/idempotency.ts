import { createHash } from "node:crypto";
import type { Request } from "express";
import type { Database, Queryable } from "./db/database.js";
import { UniqueViolationError } from "./db/database.js";
import { DomainError } from "./errors.js";
import { chainWriteView, journalChainWrites, writesOfRequest } from "./chainWrites/chainWriteJournal.js";
import { recordingSentTransactions, type SentTransaction } from "./chainWrites/recordingWallet.js";

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Runs a write exactly once per `Idempotency-Key`: its effects and its response are stored in one
 * transaction; a retry with the same key and body gets the stored response, the same key with a
 * different body is a 409.
 */
/** A stored answer is pending (status 0) while its chain write is in flight. */
const PENDING = 0;
/** How long a write's answer waits for the read model to include it. */
const CATCH_UP_WAIT_MS = 10_000;

/** A pending key older than this is taken to belong to a request that died (a crash) and may be run again. */
export const PENDING_TAKEOVER_MS = 120_000;

function keyed(db: Database, req: Request) {
  const key = req.get("idempotency-key");
  if (!key || !/^[\w.:-]{1,128}$/.test(key)) {
    throw new DomainError(
      "idempotency_key_required",
      "Send an Idempotency-Key header (1-128 letters, digits, . : _ -) with every write; reuse it to retry safely.",
      [{ field: "Idempotency-Key" }],
    );
  }
  const apiKeyId = req.apiKey!.id;
  const requestHash = createHash("sha256")
    .update(`${req.method} ${req.path} ${JSON.stringify(req.body ?? null)}`)
    .digest("hex");
  /** The stored answer for this key: a response, "pending" (with when it started), or nothing. */
  const find = async (): Promise<StoredResponse | { pendingSince: string } | undefined> => {
    const [row] = await db.query<{ request_hash: string; status: number; response: string; created_at: string }>(
      "idempotency.find",
      "SELECT request_hash, status, response, created_at FROM idempotency_keys WHERE api_key_id = $1 AND idem_key = $2",
      [apiKeyId, key],
    );
    if (!row) return undefined;
    if (row.request_hash !== requestHash)
      throw new DomainError(
        "idempotency_key_reused",
        "This Idempotency-Key was used for a different request; use a new key for a new request.",
        [{ field: "Idempotency-Key", value: key }],
      );
    if (Number(row.status) === PENDING) return { pendingSince: row.created_at };
    return truthOf(
      { status: Number(row.status), body: JSON.parse(row.response) },
      await writesOfRequest(db, apiKeyId, key),
    );
  };
  return { key, apiKeyId, requestHash, find };
}

/**
 * Runs a write exactly once per `Idempotency-Key`: its effects and its response are stored in one
 * transaction; a retry with the same key and body gets the stored response, the same key with a
 * different body is a 409.
 */
export async function idempotent(
  db: Database,
  req: Request,
  write: (tx: Queryable) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  const { key, apiKeyId, requestHash, find } = keyed(db, req);
  const replay = async (): Promise<StoredResponse | undefined> => {
    const found = await find();
    if (found && "pendingSince" in found) throw inProgress();
    return found;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await db.transaction(async (tx) => {
      const response = await write(tx);
      await tx.query(
        "idempotency.store",
        "INSERT INTO idempotency_keys (api_key_id, idem_key, request_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        [apiKeyId, key, requestHash, response.status, JSON.stringify(response.body), new Date().toISOString()],
      );
      return response;
    });
  } catch (error) {
    // A concurrent retry with the same key committed first: answer as it did.
    if (error instanceof UniqueViolationError && error.label === "idempotency.store") return (await replay())!;
    throw error;
  }
}

/**
 * A stored answer as it stands now: unchanged while the chain still has every transaction behind it; a
 * 409 `write_needs_person` once one can no longer apply (`write_resolved_by_person` once a person decided); the current transactions (`chainWrites`) once
 * the gateway had to send one again after the node lost it.
 */
function truthOf(stored: StoredResponse, writes: Awaited<ReturnType<typeof writesOfRequest>>): StoredResponse {
  const stuck = writes.find((w) => w.status === "needs_person");
  if (stuck) {
    throw new DomainError(
      "write_needs_person",
      `The chain lost this acknowledged write and it can no longer apply (${stuck.reason}); a person must decide what to do. See GET /chain-writes/${stuck.id}.`,
      [{ field: "Idempotency-Key", value: stuck.idem_key }],
    );
  }
  const resolved = writes.find((w) => w.status === "resolved");
  if (resolved) {
    throw new DomainError(
      "write_resolved_by_person",
      `The chain lost this acknowledged write, it could no longer apply, and a person decided instead: ${resolved.reason}. See GET /chain-writes/${resolved.id}.`,
      [{ field: "Idempotency-Key", value: resolved.idem_key }],
    );
  }
  if (writes.every((w) => w.status === "on_chain" && Number(w.resent) === 0)) return stored;
  return { status: stored.status, body: { ...(stored.body as object), chainWrites: writes.map(chainWriteView) } };
}

function inProgress() {
  return new DomainError(
    "request_in_progress",
    "A request with this Idempotency-Key is still being written to the chain; retry in a few seconds for its answer.",
    [{ field: "Idempotency-Key" }],
  );
}

/**
 * A write whose effect is a chain transaction, once per `Idempotency-Key`, without holding a database
 * transaction while the chain works (on the embedded database that would stop every other write for a
 * block). The key is first recorded as pending, so a concurrent retry gets 409 `request_in_progress`
 * instead of sending a second transaction; then `send` runs; then the answer and the gateway's own
 * bookkeeping (`book`) and the journal of the transactions it sent commit together (see
 * chainWrites/keepChainWrites.ts for what happens when the node loses them). If `send` fails the key is released for a corrected retry. If
 * the gateway dies in between, a retry after {@link PENDING_TAKEOVER_MS} runs `send` again: the SDK
 * actions recognise their own effect already on chain (a claimed entry, a recorded payment) or the
 * contract refuses the repeat by name, so nothing counts twice.
 */
export async function idempotentChainWrite(
  db: Database,
  req: Request,
  send: () => Promise<StoredResponse>,
  book?: (tx: Queryable, response: StoredResponse) => Promise<void>,
): Promise<StoredResponse> {
  const { key, apiKeyId, requestHash, find } = keyed(db, req);
  const found = await find();
  if (found && !("pendingSince" in found)) return found;
  if (found) {
    if (Date.now() - Date.parse(found.pendingSince) < PENDING_TAKEOVER_MS) throw inProgress();
    // Take over the dead request's key; if another retry took it first, it answers.
    const now = new Date().toISOString();
    const taken = await db.query(
      "idempotency.takeover",
      "UPDATE idempotency_keys SET created_at = $1 WHERE api_key_id = $2 AND idem_key = $3 AND status = 0 AND created_at = $4 RETURNING idem_key",
      [now, apiKeyId, key, found.pendingSince],
    );
    if (taken.length === 0) throw inProgress();
  } else {
    try {
      await db.query(
        "idempotency.pending",
        "INSERT INTO idempotency_keys (api_key_id, idem_key, request_hash, status, response, created_at) VALUES ($1, $2, $3, 0, '', $4)",
        [apiKeyId, key, requestHash, new Date().toISOString()],
      );
    } catch (error) {
      if (error instanceof UniqueViolationError) {
        const raced = await find();
        if (raced && !("pendingSince" in raced)) return raced;
        throw inProgress();
      }
      throw error;
    }
  }
  let response: StoredResponse;
  let sent: SentTransaction[];
  try {
    ({ result: response, sent } = await recordingSentTransactions(send));
  } catch (error) {
    await db.query(
      "idempotency.release",
      "DELETE FROM idempotency_keys WHERE api_key_id = $1 AND idem_key = $2 AND status = 0",
      [apiKeyId, key],
    );
    throw error;
  }
  await db.transaction(async (tx) => {
    await book?.(tx, response);
    // Journalled with the answer: whatever the node later loses, the keeper sends again.
    await journalChainWrites(tx, {
      apiKeyId,
      idemKey: key,
      route: `${req.method} ${req.route?.path ?? req.path}`,
      sent,
    });
    await tx.query(
      "idempotency.answer",
      "UPDATE idempotency_keys SET status = $1, response = $2 WHERE api_key_id = $3 AND idem_key = $4",
      [response.status, JSON.stringify(response.body), apiKeyId, key],
    );
  });
  // Read your writes: the read model has this write before the caller hears of it. A failure loses
  // nothing (the write is on chain and journalled); the indexer's next pass catches up. A node that
  // stops answering must not hold the answer: the wait is bounded.
  const catchUp = req.app.locals.catchUpReadModel as (() => Promise<unknown>) | undefined;
  if (catchUp) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      catchUp().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, CATCH_UP_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  return response;
}
