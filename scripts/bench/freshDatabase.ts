import { join } from "node:path";
import pg from "pg";
import { createDatabase, type Database } from "@alliance-ledger/api";

/** A fresh database of the kind the run measures: a SQLite file in `dir`, or its own schema on DATABASE_URL's server. */
export async function freshDatabase(dir: string, name: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const path = join(dir, `${name}.sqlite`);
    const db = await createDatabase({ sqlitePath: path });
    return { db, drop: () => db.close() };
  }
  const schema = `bench_${name}_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  const db = await createDatabase({ databaseUrl: scoped.toString(), sqlitePath: "" });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}
