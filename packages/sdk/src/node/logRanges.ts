/**
 * Reading event logs over long block spans. Nodes cap eth_getLogs: Besu refuses a span above
 * `--rpc-max-logs-range` (1,000 or 5,000 blocks by default, depending on its version), geth and hosted
 * nodes refuse answers above 10,000 logs. A ledger running for months is millions of blocks, so every
 * read over a span goes through here: cut into ranges, and a range the node refuses cut in half again.
 */

/** Blocks per eth_getLogs call before a node has refused any. */
export const DEFAULT_BLOCK_RANGE = 5_000;

/** Reads the logs of blocks `from`..`to` (inclusive), in chain order. */
export type ReadLogs<T> = (from: number, to: number) => Promise<T[]>;

const REFUSAL = /range|more than \d+ results|too many|response size|limit exceeded/i;
/** EIP-1474's "limit exceeded", which Besu and geth both answer with. */
const LIMIT_EXCEEDED = -32005;

/** Whether a node refused an eth_getLogs call for the size of its span or answer (not for being down). */
export function isLogRangeRefusal(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown; error?: { message?: unknown; code?: unknown } } | undefined;
  if (e?.code === LIMIT_EXCEEDED || e?.error?.code === LIMIT_EXCEEDED) return true;
  return [e?.message, e?.error?.message].some((m) => typeof m === "string" && REFUSAL.test(m));
}

/** One span read whole, or in halves (recursively) when the node refuses it; a refused single block throws. */
export async function readSplitting<T>(read: ReadLogs<T>, from: number, to: number): Promise<T[]> {
  try {
    return await read(from, to);
  } catch (error) {
    if (from >= to || !isLogRangeRefusal(error)) throw error;
    const middle = from + Math.floor((to - from) / 2);
    return [...(await readSplitting(read, from, middle)), ...(await readSplitting(read, middle + 1, to))];
  }
}

export interface ScanOptions {
  /** Blocks per call; a range the node refuses is halved. */
  blockRange?: number;
}

/** Blocks `from`..`to` cut into spans of at most `range`, in chain order or (backward) from `to` down. */
function* spans(from: number, to: number, range: number, backward = false): Generator<[number, number]> {
  if (backward) for (let end = to; end >= from; end -= range) yield [Math.max(from, end - range + 1), end];
  else for (let start = from; start <= to; start += range) yield [start, Math.min(start + range - 1, to)];
}

/** Every log of blocks `from`..`to`, in chain order, read range by range. */
export async function readLogsInRanges<T>(
  read: ReadLogs<T>,
  from: number,
  to: number,
  options: ScanOptions = {},
): Promise<T[]> {
  const logs: T[] = [];
  for (const [start, end] of spans(from, to, options.blockRange ?? DEFAULT_BLOCK_RANGE))
    logs.push(...(await readSplitting(read, start, end)));
  return logs;
}

/**
 * The first log (in chain order) of blocks `from`..`to` that `matches`, reading range by range from
 * `from`; with `last`, the last one, reading back from `to`. It stops at the range holding it, so a log
 * near where the search starts costs one call however long the chain.
 */
export async function findLog<T>(
  read: ReadLogs<T>,
  from: number,
  to: number,
  matches: (log: T) => boolean = () => true,
  options: ScanOptions & { last?: boolean } = {},
): Promise<T | undefined> {
  for (const [start, end] of spans(from, to, options.blockRange ?? DEFAULT_BLOCK_RANGE, options.last)) {
    const logs = await readSplitting(read, start, end);
    const found = options.last ? logs.findLast(matches) : logs.find(matches);
    if (found !== undefined) return found;
  }
  return undefined;
}
