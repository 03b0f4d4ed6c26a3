import { ZeroHash } from "ethers";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { Queryable } from "../../db/database.js";
import type { ReadDependencies } from "../deps.js";
import type { EntryQuery } from "./schemas.js";

/**
 * Cost entries from the read model, filtered and paginated, oldest first. `reference` (the member's own
 * voucher number) where this gateway booked the claim, shown only to that member's keys, the
 * secretariat and auditors.
 */
export async function listCostEntries(deps: ReadDependencies, q: EntryQuery, caller: ApiKeyRecord) {
  const { db } = deps;
  // A reference is the member's own voucher number: only its member, the secretariat and the auditor see it.
  const mayReadReference = (memberId: number) =>
    caller.role === "secretariat" ||
    caller.role === "auditor" ||
    (caller.role === "member" && caller.memberId === memberId);
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "costEntries.list", {
    columns: "*",
    from: "indexed_cost_entries",
    filters: [
      q.memberId === undefined ? undefined : ["member_id = ?", q.memberId],
      q.periodId === undefined ? undefined : ["period_id = ?", q.periodId],
      q.status === undefined ? undefined : ["status = ?", q.status],
    ],
    orderBy: "claimed_at_block, key",
    limit: q.limit,
    offset: q.offset,
  });
  // The page's references in one lookup by key (joining before paging would join the whole history).
  const references = new Map(
    rows.length === 0
      ? []
      : (
          await db.query<{ entry_id: string; reference: string }>(
            "costEntries.references",
            `SELECT entry_id, reference FROM cost_entries WHERE entry_id IN (${rows.map((_, i) => `$${i + 1}`).join(", ")})`,
            rows.map((r) => r.entry_id),
          )
        ).map((r) => [r.entry_id, r.reference]),
  );
  const items = rows.map((r) => {
    const e = READ_MODEL_TABLES.costEntries.fromRecord(r);
    return {
      entryId: e.entryId,
      periodId: e.periodId,
      memberId: e.memberId,
      kind: e.kind,
      amount: e.amount.toString(),
      status: e.status,
      ...(e.reasonCode === undefined ? {} : { reasonCode: e.reasonCode }),
      evidenceHash: e.evidenceHash,
      ...(e.kind === "reversal" && e.reverses !== ZeroHash ? { reverses: e.reverses } : {}),
      claimedAtBlock: e.claimedAtBlock,
      ...(references.has(e.entryId) && mayReadReference(e.memberId) ? { reference: references.get(e.entryId) } : {}),
    };
  });
  return { items, total, totalExact };
}

/** Books a claim in the gateway's own records (its reference is the member's); one already booked stays. */
export async function bookClaim(
  tx: Queryable,
  claim: { entryId: string; reference: string; periodId: number; memberId: number; kind: string; amount: bigint },
): Promise<void> {
  await tx.query(
    "costs.book",
    "INSERT INTO cost_entries (entry_id, reference, period_id, member_id, kind, amount, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'claimed', $7) ON CONFLICT (entry_id) DO NOTHING",
    [
      claim.entryId,
      claim.reference,
      claim.periodId,
      claim.memberId,
      claim.kind,
      claim.amount.toString(),
      new Date().toISOString(),
    ],
  );
}

/** Records the secretariat's decision on a booked entry. */
export async function bookDecision(tx: Queryable, entryId: string, status: "confirmed" | "rejected"): Promise<void> {
  await tx.query("costs.status", "UPDATE cost_entries SET status = $1, updated_at = $2 WHERE entry_id = $3", [
    status,
    new Date().toISOString(),
    entryId,
  ]);
}
