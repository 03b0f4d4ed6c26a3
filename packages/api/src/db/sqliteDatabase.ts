import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { UniqueViolationError, type Database } from "./database.js";

/**
 * `$n` placeholders in SQLite's syntax. When they appear as $1, $2, … in order, each once, as plain `?`:
 * binding numbered (`?NNN`) parameters costs node:sqlite a lookup by name per value, linear in their
 * count, so a multi-row INSERT of thousands of values took quadratic time (a 500-row, 18-column INSERT:
 * 220 µs a row against 2 µs). Otherwise as `?NNN`.
 */
export function sqliteParameters(sql: string): string {
  let expected = 1;
  for (const match of sql.matchAll(/\$(\d+)/g)) {
    if (Number(match[1]) !== expected) return sql.replace(/\$(\d+)/g, "?$1");
    expected += 1;
  }
  return sql.replace(/\$\d+/g, "?");
}

/** The embedded, file-backed database (Node's built-in SQLite): no server to install. */
export function createSqliteDatabase(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // A 64 MiB page cache (default 2 MiB): the outbox's unique indexes (id, leaf) take random inserts and
  // updates; with the default cache most of them read a page back from the OS (bulk ingest ran 1.4x slower).
  db.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
  );
  // Prepared statements are reused: a roster inserts thousands of rows with the same statement.
  const statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sqliteParameters(sql));
      statements.set(sql, statement);
    }
    return statement;
  };
  const run = async <T>(label: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    try {
      const statement = prepare(sql);
      const values = params.map((p) => (typeof p === "boolean" ? Number(p) : p)) as never[];
      if (/^\s*(select|with)|returning/i.test(sql)) return statement.all(...values) as T[];
      statement.run(...values);
      return [];
    } catch (error) {
      if ((error as { errcode?: number }).errcode === 2067 || /UNIQUE constraint failed/.test((error as Error).message))
        throw new UniqueViolationError(label);
      throw error;
    }
  };
  // One connection, one writer: every statement outside a transaction waits for the open transaction
  // to finish, so nothing from another request ever lands inside it.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: "sqlite",
    query: (label, sql, params) => enqueue(() => run(label, sql, params)),
    rowsPerInsert: 1,
    transaction<T>(work: (tx: { query: typeof run; rowsPerInsert: number }) => Promise<T>): Promise<T> {
      return enqueue(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await work({ query: run, rowsPerInsert: 1 });
          db.exec("COMMIT");
          return result;
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      });
    },
    async close() {
      db.close();
    },
  };
}
