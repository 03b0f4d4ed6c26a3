import type { Queryable } from "../db/database.js";

/** A filter term: SQL with `?` for its one value (or none), or undefined when the caller did not ask for it. */
export type Filter = [sql: string, value: unknown] | [sql: string] | undefined;

/** `WHERE a = $1 AND b = $2` from the terms given, with their values in order. */
export function whereOf(filters: readonly Filter[], firstParameter = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const terms: string[] = [];
  for (const f of filters) {
    if (!f) continue;
    if (f.length === 1) {
      terms.push(f[0]);
      continue;
    }
    params.push(f[1]);
    terms.push(f[0].replace("?", `$${firstParameter + params.length - 1}`));
  }
  return { sql: terms.length ? `WHERE ${terms.join(" AND ")}` : "", params };
}

/**
 * Past this many matching rows a page's `total` says "at least" (`totalExact: false`), as search
 * engines do (GitHub's search stops counting at 1,000): counting every match of a 100,000-row history
 * would make each page cost as much as the history (`npm run bench -- reads`), and nobody pages
 * through a thousand rows by number; they filter.
 */
export const EXACT_TOTAL_UP_TO = 1_000;

/**
 * One page of `from` in `orderBy` order, and how many rows match (exactly up to {@link EXACT_TOTAL_UP_TO}):
 * two indexed statements whose cost does not grow with the history. `from` may be a join; `columns`
 * what to select.
 */
export async function pageOf<T>(
  db: Queryable,
  label: string,
  p: {
    columns: string;
    from: string;
    filters: readonly Filter[];
    orderBy: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: T[]; total: number; totalExact: boolean }> {
  const where = whereOf(p.filters);
  const n = where.params.length;
  const [rows, [count]] = await Promise.all([
    db.query<T>(
      `${label}.page`,
      `SELECT ${p.columns} FROM ${p.from} ${where.sql} ORDER BY ${p.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, p.limit, p.offset],
    ),
    db.query<{ n: number | string }>(
      `${label}.count`,
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${p.from} ${where.sql} LIMIT ${EXACT_TOTAL_UP_TO + 1}) AS counted`,
      where.params,
    ),
  ]);
  const matching = Number(count?.n ?? 0);
  return { rows, total: Math.min(matching, EXACT_TOTAL_UP_TO), totalExact: matching <= EXACT_TOTAL_UP_TO };
}
