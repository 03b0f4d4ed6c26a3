import type { Provider } from "ethers";
import {
  createAllianceClient,
  readLedgerEvents,
  type AllianceAddresses,
  type AllianceClient,
  type LedgerEvent,
} from "@alliance-ledger/sdk";
import type { Database } from "../db/database.js";
import { applyLedgerEvents } from "../readModel/applyLedgerEvents.js";
import { READ_MODEL_SQL_TABLES } from "../readModel/readModelTables.js";

/** ProposalAction.AmendCharter in the registry. */
const AMEND_CHARTER = 4;

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
 * Follows the chain: reads every alliance event after the cursor in block ranges and folds each range
 * into the read model's tables (the SDK's one fold) with the new cursor (block number and hash) in one
 * transaction, so a crash resumes where it stopped and never applies an event twice. If the chain no
 * longer has the cursor's block, the read model is dropped and rebuilt from the chain, which gives the
 * same answers as an index that never saw the lost blocks.
 */
export function indexChain(p: IndexChainParameters): Promise<IndexChainReturnType> {
  // One run at a time per database: two runs from one cursor would fold the same events twice (the
  // background indexer and a write catching the read model up may both start one).
  const run = (runs.get(p.db) ?? Promise.resolve()).catch(() => undefined).then(() => indexOnce(p));
  runs.set(p.db, run);
  return run;
}
const runs = new WeakMap<Database, Promise<unknown>>();

export interface IndexChainParameters {
  db: Database;
  provider: Provider;
  addresses: AllianceAddresses;
  blockRange?: number;
  toBlock?: number;
  onRebuild?: () => void;
}
export interface IndexChainReturnType {
  from: number;
  to: number;
  events: number;
  rebuilt: boolean;
}

async function indexOnce(p: IndexChainParameters): Promise<IndexChainReturnType> {
  const rebuilt = !(await cursorStillOnChain(p.db, p.provider));
  if (rebuilt) {
    p.onRebuild?.();
    await dropReadModel(p.db);
  }
  const reader = createAllianceClient({ runner: p.provider, addresses: p.addresses });
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
    const enriched = await enrichEvents(p.db, reader, events);
    await p.db.transaction(async (tx) => {
      // Another process's indexer on the same database may have moved the cursor meanwhile.
      const [cursor] = await tx.query<{ last_block: number }>(
        "indexer.cursorForUpdate",
        `SELECT last_block FROM indexer_cursor WHERE id = 1${p.db.dialect === "postgres" ? " FOR UPDATE" : ""}`,
      );
      if ((cursor ? Number(cursor.last_block) : -1) !== start - 1)
        throw new Error(`the index moved to block ${cursor?.last_block} while this run read from ${start}`);
      await applyLedgerEvents(tx, enriched);
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

/** Empties the read model and its cursor, in one transaction: the next run rebuilds it from the chain. */
export async function dropReadModel(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of READ_MODEL_SQL_TABLES) await tx.query("indexer.drop", `DELETE FROM ${table}`);
    await tx.query("indexer.dropCursor", "DELETE FROM indexer_cursor");
  });
}

/**
 * What the fold needs that events do not carry, read once when the event is indexed: a proposal's
 * expiry and proposed charter (fixed when it is made), and the credits of a batch this gateway formed
 * (its records are here; other gateways' records are theirs).
 */
async function enrichEvents(db: Database, reader: AllianceClient, events: LedgerEvent[]): Promise<LedgerEvent[]> {
  return Promise.all(
    events.map(async (e) => {
      if (e.name === "ProposalCreated") {
        const proposal = await reader.registry.proposal(e.args.proposalId);
        const charter = proposal.charter;
        return {
          ...e,
          args: {
            ...e.args,
            expiresAt: Number(proposal.expiresAt),
            ...(Number(e.args.action) === AMEND_CHARTER
              ? {
                  charter: {
                    documentHash: charter.documentHash,
                    version: Number(charter.version),
                    councilQuorum: Number(charter.councilQuorum),
                    proposalLifetime: Number(charter.proposalLifetime),
                  },
                }
              : {}),
          },
        };
      }
      if (e.name === "BatchAnchored") {
        const [row] = await db.query<{ credits: number | string | null }>(
          "indexer.batchCredits",
          "SELECT SUM(credits) AS credits FROM outbox_attestations WHERE batch_root = $1 AND issuer_id = $2",
          [String(e.args.root).toLowerCase(), Number(e.args.issuerId)],
        );
        if (row?.credits !== null && row?.credits !== undefined)
          return { ...e, args: { ...e.args, attestedCredits: Number(row.credits) } };
      }
      return e;
    }),
  );
}
