import pg from "pg";
import type { Database } from "../db/database.js";
import { createPostgresDatabase } from "../db/postgresDatabase.js";

/** The real PostgreSQL server the tests use (CI and these machines: 127.0.0.1:5432, trust auth). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * A database in its own empty schema, so test files running in parallel never share tables.
 * `drop()` removes the schema.
 */
export async function freshPostgres(schema: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const db = createPostgresDatabase(url.toString());
  return {
    db,
    drop: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
