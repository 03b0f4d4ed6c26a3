import pg from "pg";
import { UniqueViolationError, type Database } from "./database.js";

/** PostgreSQL, when DATABASE_URL is set: one per gateway. */
export function createPostgresDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const on =
    (client: pg.Pool | pg.PoolClient) =>
    async <T>(label: string, sql: string, params: unknown[] = []): Promise<T[]> => {
      try {
        return (await client.query({ text: sql, values: params })).rows as T[];
      } catch (error) {
        if ((error as { code?: string }).code === "23505") throw new UniqueViolationError(label);
        throw error;
      }
    };
  return {
    dialect: "postgres",
    query: on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({ query: on(client) });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
