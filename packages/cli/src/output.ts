import type { Command } from "commander";
import { type Paging, pageFooter } from "./paging.js";
import type { Column } from "./table.js";

/** True when the user asked for machine-readable output (--json): raw ids and minor units, no lookups. */
export const isJson = (program: Command) => Boolean(program.opts().json);

/** Prints one result: JSON with --json, else `message`. */
export function printResult(program: Command, result: unknown, message: string) {
  console.log(isJson(program) ? JSON.stringify(result) : message);
}

/** Prints an aligned table (display width: Chinese counts two columns), or "(none)". */
export async function printTable(columns: Column[], rows: string[][]) {
  if (rows.length === 0) return console.log("(none)");
  // string-width takes ~80 ms to load: only commands that print a table pay for it, not `alliance --help`.
  const { formatTable } = await import("./table.js");
  console.log(formatTable(columns, rows).join("\n"));
}

export interface ListPage<T> {
  items: T[];
  total: number;
  totalExact?: boolean;
}

/**
 * One page of a list. With --json, the gateway's page as it came (ids, minor units; `total` and
 * `totalExact`). Otherwise the table `view` draws of it (names, decimals, currencies) and, when the
 * list is longer than what is shown, a footer with the total and the next page's --offset.
 */
export async function printPage<T>(
  program: Command,
  page: ListPage<T>,
  paging: Paging,
  view: (items: T[]) => Promise<{ columns: Column[]; rows: string[][] }>,
) {
  if (isJson(program))
    return console.log(JSON.stringify({ total: page.total, totalExact: page.totalExact, items: page.items }));
  const { columns, rows } = await view(page.items);
  await printTable(columns, rows);
  const footer = pageFooter({ ...paging, shown: page.items.length, total: page.total, totalExact: page.totalExact });
  if (footer) console.log(footer);
}
