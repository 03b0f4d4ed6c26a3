import { createHash } from "node:crypto";
import type { Request } from "express";
import type { Database, Queryable } from "./db/database.js";
import { UniqueViolationError } from "./db/database.js";
import { ApiError } from "./errors.js";

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Runs a write exactly once per `Idempotency-Key`: its effects and its response are stored in one
 * transaction; a retry with the same key and body gets the stored response, the same key with a
 * different body is a 409.
 */
export async function idempotent(db: Database, req: Request, write: (tx: Queryable) => Promise<StoredResponse>): Promise<StoredResponse> {
  const key = req.get("idempotency-key");
  if (!key || !/^[\w.:-]{1,128}$/.test(key)) {
    throw new ApiError(400, "idempotency_key_required", "Send an Idempotency-Key header (1-128 letters, digits, . : _ -) with every write; reuse it to retry safely.", [{ field: "Idempotency-Key" }]);
  }
  const apiKeyId = req.apiKey!.id;
  const requestHash = createHash("sha256").update(`${req.method} ${req.path} ${JSON.stringify(req.body ?? null)}`).digest("hex");
  const replay = async (): Promise<StoredResponse | undefined> => {
    const [row] = await db.query<{ request_hash: string; status: number; response: string }>(
      "idempotency.find",
      "SELECT request_hash, status, response FROM idempotency_keys WHERE api_key_id = $1 AND idem_key = $2",
      [apiKeyId, key],
    );
    if (!row) return undefined;
    if (row.request_hash !== requestHash) throw new ApiError(409, "idempotency_key_reused", "This Idempotency-Key was used for a different request; use a new key for a new request.", [{ field: "Idempotency-Key", value: key }]);
    return { status: Number(row.status), body: JSON.parse(row.response) };
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
