import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { ReadDependencies } from "../deps.js";
import type { Settlement, SettlementQuery } from "./schemas.js";

/**
 * Settlement payments on chain (from the index), filtered by period and whether the payee confirmed,
 * paginated, oldest first; every key may read all of them.
 */
export async function listSettlements(
  deps: ReadDependencies,
  query: SettlementQuery,
  _caller: ApiKeyRecord,
): Promise<{ items: Settlement[]; total: number }> {
  const rows = await deps.db.query<{ name: string; args: string; block_number: number }>(
    "settlements.indexed",
    "SELECT name, args, block_number FROM chain_events WHERE name IN ('SettlementRecorded', 'SettlementConfirmed') ORDER BY block_number, log_index",
  );
  const settlements = new Map<string, Settlement>();
  for (const r of rows) {
    const a = JSON.parse(r.args) as Record<string, string>;
    if (r.name === "SettlementRecorded") {
      settlements.set(a.settlementId, {
        settlementId: a.settlementId,
        periodId: Number(a.periodId),
        payerId: Number(a.payerId),
        payeeId: Number(a.payeeId),
        amount: a.amount,
        paymentRefHash: a.paymentRef,
        confirmed: false,
        recordedAtBlock: Number(r.block_number),
      });
    } else {
      const s = settlements.get(a.settlementId);
      if (s) s.confirmed = true;
    }
  }
  const wanted = [...settlements.values()].filter(
    (s) =>
      (!query.periodId || s.periodId === query.periodId) &&
      (query.confirmed === undefined || String(s.confirmed) === query.confirmed),
  );
  return { items: wanted.slice(query.offset, query.offset + query.limit), total: wanted.length };
}
