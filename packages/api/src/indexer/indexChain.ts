import type { Provider } from "ethers";
import { readLedgerEvents, type AllianceAddresses } from "@alliance-ledger/sdk";
import type { Database } from "../db/database.js";

const MEMBER_ARGS = ["memberId", "issuerId", "hostMemberId", "homeId", "payerId"] as const;

/** The last block indexed, or -1 before the first run. */
export async function indexedBlock(db: Database): Promise<number> {
  const [row] = await db.query<{ last_block: number }>(
    "indexer.cursor",
    "SELECT last_block FROM indexer_cursor WHERE id = 1",
  );
  return row ? Number(row.last_block) : -1;
}

/**
 * True when the chain still has the block the index stopped at. A node that lost state (a local node
 * killed between flushes) or a reorg replaces blocks the index already holds: their events may be
 * gone and new ones sit at block numbers the cursor has passed.
 */
async function cursorStillOnChain(db: Database, provider: Provider): Promise<boolean> {
  const [row] = await db.query<{ last_block: number; last_hash: string | null }>(
    "indexer.cursorHash",
    "SELECT last_block, last_hash FROM indexer_cursor WHERE id = 1",
  );
  if (!row?.last_hash) return true;
  const block = await provider.getBlock(Number(row.last_block));
  return block?.hash === row.last_hash;
}

/**
 * Follows the chain: reads every alliance event after the cursor in block ranges and stores each range
 * with the new cursor (block number and hash) in one transaction, so a crash resumes where it stopped
 * and never stores an event twice (the primary key is the event's chain position). If the chain no
 * longer has the cursor's block, the index is dropped and rebuilt from the chain, which gives the
 * same answers as an index that never saw the lost blocks.
 */
export async function indexChain(p: {
  db: Database;
  provider: Provider;
  addresses: AllianceAddresses;
  blockRange?: number;
  toBlock?: number;
  onRebuild?: () => void;
}): Promise<{ from: number; to: number; events: number; rebuilt: boolean }> {
  const rebuilt = !(await cursorStillOnChain(p.db, p.provider));
  if (rebuilt) {
    p.onRebuild?.();
    await p.db.transaction(async (tx) => {
      await tx.query("indexer.dropEvents", "DELETE FROM chain_events");
      await tx.query("indexer.dropCursor", "DELETE FROM indexer_cursor");
    });
  }
  const head = p.toBlock ?? (await p.provider.getBlockNumber());
  const from = (await indexedBlock(p.db)) + 1;
  const range = p.blockRange ?? 2_000;
  let stored = 0;
  for (let start = from; start <= head; start += range) {
    const end = Math.min(start + range - 1, head);
    const [{ events }, endBlock] = await Promise.all([
      readLedgerEvents({ provider: p.provider, addresses: p.addresses, fromBlock: start, toBlock: end }),
      p.provider.getBlock(end),
    ]);
    await p.db.transaction(async (tx) => {
      for (const e of events) {
        const memberArg = MEMBER_ARGS.find((k) => e.args[k] !== undefined);
        await tx.query(
          "indexer.event",
          "INSERT INTO chain_events (block_number, log_index, contract, name, member_id, args, transaction_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
          [
            e.blockNumber,
            e.logIndex,
            e.contract,
            e.name,
            memberArg ? Number(e.args[memberArg]) : null,
            JSON.stringify(plain(e.args)),
            e.transactionHash,
          ],
        );
      }
      await tx.query(
        "indexer.advance",
        "INSERT INTO indexer_cursor (id, last_block, last_hash) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET last_block = $1, last_hash = $2",
        [end, endBlock?.hash ?? null],
      );
    });
    stored += events.length;
  }
  return { from, to: head, events: stored, rebuilt };
}

/** Event arguments as JSON-safe values (bigints as decimal strings, ethers Results as plain arrays/objects). */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const maybeResult = value as { toObject?: (deep?: boolean) => Record<string, unknown> };
    const source =
      typeof maybeResult.toObject === "function" ? maybeResult.toObject(true) : (value as Record<string, unknown>);
    return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
