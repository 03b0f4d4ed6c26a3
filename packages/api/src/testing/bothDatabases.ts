import { createSqliteDatabase } from "../db/sqliteDatabase.js";
import { freshPostgres } from "./freshPostgres.js";

/**
 * The two databases every gateway test runs against, for `describe.each`: the embedded SQLite (in
 * memory) and the real PostgreSQL server in its own schema `schema`, so files running in parallel
 * never share tables.
 */
export function bothDatabases(schema: string) {
  return [
    [
      "sqlite",
      async () => {
        const db = createSqliteDatabase(":memory:");
        return { db, drop: () => db.close() };
      },
    ],
    ["postgres", () => freshPostgres(schema)],
  ] as const;
}
