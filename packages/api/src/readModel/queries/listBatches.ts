import { getAddress } from "ethers";
import type { Queryable } from "../../db/database.js";
import { pageOf } from "../pageQuery.js";
import { READ_MODEL_TABLES } from "../readModelTables.js";

/** Anchored batches from the read model, newest first, optionally one issuer's. */
export async function listBatches(db: Queryable, q: { issuerId?: number; limit: number; offset: number }) {
  const { rows, total } = await pageOf<Record<string, unknown>>(db, "batches.list", {
    columns: "*",
    from: "indexed_batches",
    filters: [q.issuerId === undefined ? undefined : ["issuer_id = ?", q.issuerId]],
    orderBy: "block_number DESC, key DESC",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const b = READ_MODEL_TABLES.batches.fromRecord(r);
    return {
      root: b.root,
      issuerId: b.issuerId,
      count: b.count,
      blockNumber: b.blockNumber,
      anchoredBy: getAddress(b.anchoredBy),
    };
  });
  return { total, items };
}
