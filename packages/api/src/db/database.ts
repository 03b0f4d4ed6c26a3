/**
 * The gateway's one query layer: the embedded SQLite file by default, PostgreSQL when DATABASE_URL is
 * set. SQL is written once with numbered `$1` placeholders and portable types; every query is labelled
 * (for logs and metrics) and unique violations become {@link UniqueViolationError}.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(label: string, sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Runs `work` in one transaction: all of its writes commit together or none do. Inside `work` use
   * only `tx`: on SQLite, statements outside wait for the transaction to end (they would deadlock).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class UniqueViolationError extends Error {
  constructor(readonly label: string) {
    super(`unique constraint violated by ${label}`);
  }
}
