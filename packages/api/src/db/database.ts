/**
 * The gateway's one query layer: the embedded SQLite file by default, PostgreSQL when DATABASE_URL is
 * set. SQL is written once with numbered `$1` placeholders and portable types; every query is labelled
 * (for logs and metrics) and unique violations become {@link UniqueViolationError}.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(label: string, sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Rows per INSERT that suit this database best: SQLite runs in process, where one prepared single-row
   * statement per row beats binding thousands of parameters at once; PostgreSQL wants few round trips.
   */
  readonly rowsPerInsert?: number;
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

/**
 * Bound parameters per statement kept below both databases' limits (SQLite 32,766, PostgreSQL 65,535),
 * with room for the parameters a statement binds besides its rows.
 */
const MAX_PARAMETERS = 30_000;
/** Rows per statement: past a few hundred, a longer statement saves nothing more. */
const MAX_ROWS = 500;

/**
 * How `count` rows split into statements: full chunks of `max`, then the rest in powers of two, so one
 * statement shape has at most 1 + log2(max) sizes (SQLite keeps each prepared; nothing grows per request).
 */
export function chunkSizes(count: number, max: number): number[] {
  const sizes: number[] = [];
  let left = count;
  while (left >= max) {
    sizes.push(max);
    left -= max;
  }
  for (let size = 2 ** Math.floor(Math.log2(Math.max(left, 1))); left > 0; size /= 2) {
    if (size <= left) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/** `($first, $first+1, …), (…)`: `rows` tuples of `columns` numbered placeholders, for a multi-row VALUES list. */
export function valuesPlaceholders(rows: number, columns: number, first = 1): string {
  const key = `${rows}:${columns}:${first}`;
  const known = placeholderCache.get(key);
  if (known) return known;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(`$${first + r * columns + c}`);
    tuples.push(`(${cells.join(", ")})`);
  }
  const text = tuples.join(", ");
  if (placeholderCache.size < 256) placeholderCache.set(key, text);
  return text;
}
const placeholderCache = new Map<string, string>();

/** Rows per statement for tuples of `columns` values, within the parameter limit. */
export function rowsPerStatement(columns: number, extraParameters = 0): number {
  return Math.max(1, Math.min(MAX_ROWS, Math.floor((MAX_PARAMETERS - extraParameters) / columns)));
}

/**
 * Inserts `rows` (each a tuple in `columns` order) with multi-row INSERTs: one statement per few hundred
 * rows instead of one per row (on PostgreSQL, one round trip). Inside a transaction all land or none do.
 *
 * @example await insertRows(tx, "outbox.accept", "outbox_attestations", ["id", "seq"], [["a", 1], ["b", 2]]);
 */
export async function insertRows(
  q: Queryable,
  label: string,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  let at = 0;
  for (const size of chunkSizes(rows.length, q.rowsPerInsert ?? rowsPerStatement(columns.length))) {
    const params: unknown[] = [];
    for (let i = at; i < at + size; i++) {
      const row = rows[i];
      if (row.length !== columns.length)
        throw new RangeError(`row ${i} has ${row.length} values for ${columns.length} columns`);
      for (const value of row) params.push(value);
    }
    await q.query(
      label,
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${valuesPlaceholders(size, columns.length)}`,
      params,
    );
    at += size;
  }
}
