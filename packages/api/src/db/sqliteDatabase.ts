import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { UniqueViolationError, type Database } from "./database.js";

/** The embedded, file-backed database (Node's built-in SQLite): no server to install. */
export function createSqliteDatabase(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
  return {
    dialect: "sqlite",
    async query<T>(label: string, sql: string, params: unknown[] = []) {
      try {
        const statement = db.prepare(sql.replace(/\$(\d+)/g, "?$1"));
        const values = params.map((p) => (typeof p === "boolean" ? Number(p) : p)) as never[];
        return (/^\s*(select|with)|returning/i.test(sql) ? statement.all(...values) : (statement.run(...values), [])) as T[];
      } catch (error) {
        if ((error as { errcode?: number }).errcode === 2067 || /UNIQUE constraint failed/.test((error as Error).message)) throw new UniqueViolationError(label);
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
}
