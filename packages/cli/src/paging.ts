import type { Command } from "commander";
import { usage } from "./args.js";
import { groupThousands } from "./units.js";

/** The most items one gateway page holds, and what list commands ask for unless told otherwise. */
export const MAX_LIMIT = 500;

export interface Paging {
  limit: number;
  offset: number;
}

/** Adds --limit and --offset to a list command. */
export function pagingOptions(command: Command): Command {
  return command
    .option("--limit <n>", `show at most n items (1-${MAX_LIMIT})`, limit, MAX_LIMIT)
    .option("--offset <n>", "skip the first n items (the footer names the next page's offset)", offset, 0);
}

function limit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT)
    usage(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${value}"`);
  return Number(value);
}

function offset(value: string): number {
  if (!/^\d{1,9}$/.test(value)) usage(`--offset must be a whole number (0 or more), got "${value}"`);
  return Number(value);
}

/**
 * The line under a list that is longer than what is shown: "showing 1–50 of 1,234 — next page: --offset 50".
 * `totalExact: false` (the gateway stops counting past 1,000) reads "of 1,000+". Undefined when all is shown.
 */
export function pageFooter(p: Paging & { shown: number; total: number; totalExact?: boolean }): string | undefined {
  const exact = p.totalExact !== false;
  const last = p.offset + p.shown;
  if (p.offset === 0 && p.shown >= p.total && exact) return undefined;
  const of = exact ? groupThousands(p.total) : `${groupThousands(Math.max(p.total, last))}+`;
  if (p.shown === 0) return `nothing at --offset ${p.offset} of ${of}`;
  const more = last < p.total || (!exact && p.shown >= p.limit);
  const range = `showing ${groupThousands(p.offset + 1)}–${groupThousands(last)} of ${of}`;
  return more ? `${range} — next page: --offset ${last}` : range;
}
