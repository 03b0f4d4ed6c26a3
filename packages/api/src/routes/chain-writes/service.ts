import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { chainWriteView, type ChainWriteRow } from "../../chainWrites/chainWriteJournal.js";
import type { Database, Queryable } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import type { StoredResponse } from "../../idempotency.js";
import { pageOf } from "../../readModel/pageQuery.js";
import type { ReadDependencies } from "../deps.js";
import type { ChainWriteQuery } from "./schemas.js";

/** The acknowledged chain writes the caller may see, filtered and paginated in SQL, oldest first. */
export async function listChainWrites(deps: ReadDependencies, query: ChainWriteQuery, caller: ApiKeyRecord) {
  const everyone = caller.role === "secretariat" || caller.role === "auditor";
  const { rows, total, totalExact } = await pageOf<ChainWriteRow>(deps.db, "chainWrites.list", {
    columns: "w.*",
    from: "chain_writes w",
    filters: [
      everyone
        ? undefined
        : caller.role === "member"
          ? ["w.api_key_id IN (SELECT id FROM api_keys WHERE member_id = ?)", caller.memberId]
          : ["w.api_key_id = ?", caller.id],
      query.status === undefined ? undefined : ["w.status = ?", query.status],
      query.idempotencyKey === undefined ? undefined : ["w.idem_key = ?", query.idempotencyKey],
    ],
    orderBy: "w.created_at, w.step, w.id",
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map(chainWriteView), total, totalExact };
}

/** One write the caller may see; 404 `chain_write_not_found` otherwise. */
export async function readChainWrite(deps: ReadDependencies, id: string, caller: ApiKeyRecord) {
  const row = (await visibleWrites(deps.db, caller, id))[0];
  if (!row)
    throw new DomainError("chain_write_not_found", `No chain write ${id} that this key may see.`, [
      { field: "id", value: id },
    ]);
  return chainWriteView(row);
}

/** Records what a person decided about a write that can no longer apply (needs_person → resolved). */
export async function resolveChainWrite(tx: Queryable, id: string, note: string): Promise<StoredResponse> {
  const [row] = await tx.query<ChainWriteRow>("chainWrites.one", "SELECT * FROM chain_writes WHERE id = $1", [id]);
  if (!row) throw new DomainError("chain_write_not_found", `No chain write ${id}.`, [{ field: "id", value: id }]);
  if (row.status !== "needs_person")
    throw new DomainError(
      "chain_write_not_stuck",
      `Write ${id} is ${row.status}: only a write that needs a person can be resolved.`,
      [{ field: "id", value: id }],
    );
  const reason = `${row.reason}; resolved by the secretariat: ${note}`;
  await tx.query(
    "chainWrites.resolve",
    "UPDATE chain_writes SET status = 'resolved', reason = $1, updated_at = $2 WHERE id = $3",
    [reason, new Date().toISOString(), id],
  );
  return { status: 200, body: chainWriteView({ ...row, status: "resolved", reason }) };
}

/** A school's keys see the writes of any of its school's keys; the secretariat and auditors see every write. */
function visibleWrites(db: Database, key: ApiKeyRecord, id?: string): Promise<ChainWriteRow[]> {
  const all = key.role === "secretariat" || key.role === "auditor";
  const where = [
    ...(all
      ? []
      : [
          key.role === "member"
            ? "w.api_key_id IN (SELECT id FROM api_keys WHERE member_id = $1)"
            : "w.api_key_id = $1",
        ]),
    ...(id ? [`w.id = $${all ? 1 : 2}`] : []),
  ];
  const params = [...(all ? [] : [key.role === "member" ? key.memberId : key.id]), ...(id ? [id] : [])];
  return db.query<ChainWriteRow>(
    "chainWrites.visible",
    `SELECT w.* FROM chain_writes w${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY w.created_at, w.step`,
    params,
  );
}
