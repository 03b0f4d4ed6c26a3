import { ZeroHash } from "ethers";
import type { Queryable } from "../../db/database.js";
import { pageOf } from "../pageQuery.js";
import { READ_MODEL_TABLES } from "../readModelTables.js";

export interface ListCostEntriesQuery {
  memberId?: number;
  periodId?: number;
  status?: "claimed" | "confirmed" | "rejected";
  limit: number;
  offset: number;
}

/**
 * Cost entries from the read model, oldest first, each with the voucher reference this gateway kept
 * when it submitted the claim — shown only where `mayReadReference(memberId)` (the member's own keys,
 * the secretariat, auditors).
 */
export async function listCostEntries(
  db: Queryable,
  q: ListCostEntriesQuery,
  mayReadReference: (memberId: number) => boolean,
) {
  const { rows, total } = await pageOf<Record<string, unknown>>(db, "costEntries.list", {
    columns: "e.*, c.reference AS reference",
    from: "indexed_cost_entries e LEFT JOIN cost_entries c ON c.entry_id = e.entry_id",
    filters: [
      q.memberId === undefined ? undefined : ["e.member_id = ?", q.memberId],
      q.periodId === undefined ? undefined : ["e.period_id = ?", q.periodId],
      q.status === undefined ? undefined : ["e.status = ?", q.status],
    ],
    orderBy: "e.claimed_at_block, e.key",
    limit: q.limit,
    offset: q.offset,
  });
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
      ...(r.reference != null && mayReadReference(e.memberId) ? { reference: String(r.reference) } : {}),
    };
  });
  return { items, total };
}
