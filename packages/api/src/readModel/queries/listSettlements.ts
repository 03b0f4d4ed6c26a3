import type { Queryable } from "../../db/database.js";
import { pageOf } from "../pageQuery.js";
import { READ_MODEL_TABLES } from "../readModelTables.js";

export interface ListSettlementsQuery {
  periodId?: number;
  confirmed?: "true" | "false";
  limit: number;
  offset: number;
}

/** Settlement payments from the read model, oldest first. */
export async function listSettlements(db: Queryable, q: ListSettlementsQuery) {
  const { rows, total } = await pageOf<Record<string, unknown>>(db, "settlements.list", {
    columns: "*",
    from: "indexed_settlements",
    filters: [
      q.periodId === undefined ? undefined : ["period_id = ?", q.periodId],
      q.confirmed === undefined ? undefined : ["confirmed = ?", q.confirmed === "true" ? 1 : 0],
    ],
    orderBy: "settlement_id",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const s = READ_MODEL_TABLES.settlements.fromRecord(r);
    return { ...s, amount: s.amount.toString() };
  });
  return { items, total };
}
