import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { ReadDependencies } from "../deps.js";
import type { SettlementQuery } from "./schemas.js";

/** Settlement payments from the read model, filtered by period and whether the payee confirmed, oldest first; every key may read them. */
export async function listSettlements(deps: ReadDependencies, q: SettlementQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "settlements.list", {
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
  return { items, total, totalExact };
}
