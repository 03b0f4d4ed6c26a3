import type { GatewayConfig } from "../config.js";
import type { Database } from "./database.js";
import { migrate } from "./migrate.js";
import { createPostgresDatabase } from "./postgresDatabase.js";
import { createSqliteDatabase } from "./sqliteDatabase.js";

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file; migrated before use. */
export async function createDatabase(config: Pick<GatewayConfig, "databaseUrl" | "sqlitePath">): Promise<Database> {
  const db = config.databaseUrl ? createPostgresDatabase(config.databaseUrl) : createSqliteDatabase(config.sqlitePath);
  await migrate(db);
  return db;
}
