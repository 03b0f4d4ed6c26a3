import type { Database } from "./database.js";

/** Schema migrations, applied in order once each; written in the SQL both databases share. */
const MIGRATIONS: Array<{ id: number; sql: string[] }> = [
  {
    id: 1,
    sql: [
      `CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        role TEXT NOT NULL,
        member_id INTEGER,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
    ],
  },
];

export async function migrate(db: Database): Promise<void> {
  await db.query("migrate.table", "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const done = new Set((await db.query<{ id: number }>("migrate.applied", "SELECT id FROM schema_migrations")).map((r) => Number(r.id)));
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    for (const statement of m.sql) await db.query(`migrate.${m.id}`, statement);
    await db.query("migrate.record", "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)", [m.id, new Date().toISOString()]);
  }
}
