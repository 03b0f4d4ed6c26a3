import pg from "pg";
import { UniqueViolationError, type Database } from "./database.js";

/** PostgreSQL, when DATABASE_URL is set: one per gateway. */
export function createPostgresDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    dialect: "postgres",
    async query<T>(label: string, sql: string, params: unknown[] = []) {
      try {
        return (await pool.query({ name: undefined, text: sql, values: params })).rows as T[];
      } catch (error) {
        if ((error as { code?: string }).code === "23505") throw new UniqueViolationError(label);
        throw error;
      }
    },
    async close() {
      await pool.end();
    },
  };
}
