import {
  foldLedgerEvent,
  type LedgerEvent,
  type LedgerStore,
  type ReadModelRows,
  type ReadModelTable,
  rowsNeeded,
} from "@alliance-ledger/sdk";
import { insertRows, type Queryable, rowsPerStatement } from "../db/database.js";
import { READ_MODEL_TABLES } from "./readModelTables.js";

type Cache = Map<ReadModelTable, Map<string, unknown | null>>;

/**
 * Folds `events` (in chain order) into the read model's tables through `tx`: the SDK's one fold, over a
 * store that loads the rows each event needs from the database (in bulk up front, on demand for rows
 * that depend on others) and writes back every row it changed. Run it in the transaction that moves
 * the indexer's cursor, so the tables and the cursor never disagree.
 *
 * @example await db.transaction((tx) => applyLedgerEvents(tx, events));
 */
export async function applyLedgerEvents(tx: Queryable, events: readonly LedgerEvent[]): Promise<void> {
  const cache: Cache = new Map();
  const dirty = new Map<ReadModelTable, Set<string>>();
  const tableCache = (t: ReadModelTable) => {
    let c = cache.get(t);
    if (!c) {
      c = new Map();
      cache.set(t, c);
    }
    return c;
  };
  const store: LedgerStore = {
    get: (t, key) => (tableCache(t).get(key) ?? undefined) as never,
    set: (t, key, row) => {
      tableCache(t).set(key, row);
      let d = dirty.get(t);
      if (!d) {
        d = new Set();
        dirty.set(t, d);
      }
      d.add(key);
    },
  };
  const missing = (wanted: Array<[ReadModelTable, string]>) => wanted.filter(([t, key]) => !tableCache(t).has(key));

  await loadRows(
    tx,
    cache,
    events.flatMap((e) => missing(rowsNeeded(e, store))),
  );
  for (const e of events) {
    // A row named only once another is loaded (a course's host) is fetched now; loading stops when nothing is new.
    for (let wanted = missing(rowsNeeded(e, store)); wanted.length > 0; wanted = missing(rowsNeeded(e, store)))
      await loadRows(tx, cache, wanted);
    foldLedgerEvent(store, e);
  }
  for (const [t, keys] of dirty) await writeRows(tx, t, [...keys], tableCache(t));
}

async function loadRows(tx: Queryable, cache: Cache, wanted: Array<[ReadModelTable, string]>): Promise<void> {
  const byTable = new Map<ReadModelTable, Set<string>>();
  for (const [t, key] of wanted) {
    if (!byTable.has(t)) byTable.set(t, new Set());
    byTable.get(t)!.add(key);
  }
  for (const [t, keySet] of byTable) {
    const codec = READ_MODEL_TABLES[t];
    const keys = [...keySet];
    const c = cache.get(t) ?? new Map();
    cache.set(t, c);
    for (const key of keys) c.set(key, null); // absent unless found
    const size = rowsPerStatement(1);
    for (let at = 0; at < keys.length; at += size) {
      const chunk = keys.slice(at, at + size);
      const found = await tx.query<Record<string, unknown>>(
        `readModel.load.${t}`,
        `SELECT * FROM ${codec.sqlTable} WHERE key IN (${chunk.map((_, i) => `$${i + 1}`).join(", ")})`,
        chunk,
      );
      for (const r of found) c.set(String(r.key), codec.fromRecord(r));
    }
  }
}

async function writeRows<T extends ReadModelTable>(
  tx: Queryable,
  t: T,
  keys: string[],
  rows: Map<string, unknown>,
): Promise<void> {
  const codec = READ_MODEL_TABLES[t];
  const size = rowsPerStatement(1);
  for (let at = 0; at < keys.length; at += size) {
    const chunk = keys.slice(at, at + size);
    await tx.query(
      `readModel.replace.${t}`,
      `DELETE FROM ${codec.sqlTable} WHERE key IN (${chunk.map((_, i) => `$${i + 1}`).join(", ")})`,
      chunk,
    );
  }
  await insertRows(
    tx,
    `readModel.write.${t}`,
    codec.sqlTable,
    ["key", ...codec.columns],
    keys.map((key) => [key, ...codec.toValues(rows.get(key) as ReadModelRows[T])]),
  );
}
