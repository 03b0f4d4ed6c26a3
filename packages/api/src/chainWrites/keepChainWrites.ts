import { ContractRevertedError, decodeContractError } from "@alliance-ledger/sdk";
import { keccak256, type AbstractSigner, type Provider } from "ethers";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import type { ChainWriteRow } from "./chainWriteJournal.js";
import { firstLostBlock } from "./firstLostBlock.js";

export interface KeepChainWritesParameters {
  db: Database;
  provider: Provider;
  /** Every key the gateway signs with (custodial keys, the relayer): a lost write is sent again by its own sender. */
  senders: AbstractSigner[];
  logger?: Logger;
}

export interface KeepReport {
  /** Journalled writes looked at this pass (those whose block the chain no longer has, or not yet seen). */
  checked: number;
  /** Lost writes sent again (their first transaction's hash). */
  resent: string[];
  /** Lost writes that can no longer apply. */
  needsPerson: string[];
}

/**
 * The chain-write keeper: finds every acknowledged write the chain no longer has (a node restored from
 * an older state) and sends it again exactly once, in the order the writes were acknowledged; a write
 * the contracts now refuse (a confirmation whose period closed meanwhile) is marked `needs_person`
 * with the contract's reason, and its caller is told so.
 *
 * Cheap when nothing was lost: a block's hash commits to its ancestors, so the newest journalled block
 * whose hash is unchanged vouches for every write before it (usually one RPC per pass).
 *
 * Exactly once: a re-send is signed first and its hash committed to the journal before it is broadcast,
 * so a crash at any point leaves a hash that is either mined, still pending, or never mined (then its
 * nonce went to another transaction and it never can be), and the next pass decides from that.
 */
export async function keepChainWrites(p: KeepChainWritesParameters): Promise<KeepReport> {
  const report: KeepReport = { checked: 0, resent: [], needsPerson: [] };
  const suspects = await suspectWrites(p);
  report.checked = suspects.length;
  const bySender = new Map(
    await Promise.all(p.senders.map(async (s) => [(await s.getAddress()).toLowerCase(), s] as const)),
  );
  for (const row of suspects) {
    const outcome = await recover(p, row, bySender.get(row.sender.toLowerCase()));
    if (outcome === "resent") report.resent.push(row.id);
    if (outcome === "needs_person") report.needsPerson.push(row.id);
    // Later writes may depend on this one (a confirmation on its claim): they wait for the next pass.
    if (outcome === "wait") break;
  }
  return report;
}

/** Writes not yet seen in a block, being re-sent, or in blocks the chain has since replaced. */
async function suspectWrites(p: KeepChainWritesParameters): Promise<ChainWriteRow[]> {
  const blocks = await p.db.query<{ number: number; hash: string }>(
    "chainWrites.blocks",
    "SELECT DISTINCT block_number AS number, block_hash AS hash FROM chain_writes WHERE status = 'on_chain' AND block_hash IS NOT NULL ORDER BY block_number DESC",
  );
  const lostFrom = await firstLostBlock(
    p.provider,
    blocks.map((b) => ({ number: Number(b.number), hash: b.hash })),
  );
  return p.db.query<ChainWriteRow>(
    "chainWrites.suspect",
    `SELECT * FROM chain_writes
     WHERE status = 'resending' OR (status = 'on_chain' AND (block_hash IS NULL OR block_number >= $1))
     ORDER BY created_at, api_key_id, idem_key, step`,
    [lostFrom],
  );
}

type Outcome = "on_chain" | "resent" | "needs_person" | "wait";

async function recover(
  p: KeepChainWritesParameters,
  row: ChainWriteRow,
  sender: AbstractSigner | undefined,
): Promise<Outcome> {
  const receipt = await p.provider.getTransactionReceipt(row.transaction_hash);
  if (receipt?.status === 1) {
    await settle(p.db, row.id, {
      block_number: receipt.blockNumber,
      block_hash: receipt.blockHash,
      status: "on_chain",
      reason: null,
    });
    return "on_chain";
  }
  if (receipt) return markNeedsPerson(p, row, "the re-sent transaction reverted");
  // Still in the node's pool: it may yet be mined, so sending the call again could apply it twice.
  if (await p.provider.getTransaction(row.transaction_hash)) return "wait";
  if (!sender) return markNeedsPerson(p, row, `this gateway no longer holds the key ${row.sender} that sent it`);

  let signed: string;
  try {
    signed = await sender.signTransaction(await sender.populateTransaction({ to: row.target, data: row.calldata }));
  } catch (error) {
    const decoded = decodeContractError(error);
    if (!(decoded instanceof ContractRevertedError)) throw error;
    // A lost batch this write builds on (a recognition of a record in it) is anchored again by the batcher first.
    if (await batchesBeingAnchored(p.db)) return "wait";
    return markNeedsPerson(p, row, `the ledger now refuses it: ${decoded.errorName}`);
  }
  const hash = keccak256(signed);
  await settle(p.db, row.id, {
    transaction_hash: hash,
    block_number: null,
    block_hash: null,
    status: "resending",
    resent: Number(row.resent) + 1,
  });
  p.logger?.warn(
    { write: row.id, route: row.route, resentAs: hash },
    "the chain lost this acknowledged write; sending it again",
  );
  try {
    await p.provider.broadcastTransaction(signed);
  } catch (error) {
    // Usually a nonce another transaction took meanwhile: this hash can then never be mined; the next pass signs anew.
    p.logger?.warn(
      { write: row.id, err: (error as Error).message.split("\n")[0] },
      "could not broadcast the re-sent write; retrying at the next pass",
    );
    return "wait";
  }
  const mined = await minedReceipt(p.provider, hash, 120_000);
  if (!mined) return "wait";
  if (mined.status !== 1) return markNeedsPerson(p, row, "the re-sent transaction reverted");
  await settle(p.db, row.id, { block_number: mined.blockNumber, block_hash: mined.blockHash, status: "on_chain" });
  return "resent";
}

/**
 * The receipt once mined, polled directly: ethers' block subscription remembers the height it last saw,
 * and a node restored from an older state is below it until it catches up.
 */
async function minedReceipt(provider: Provider, hash: string, timeoutMs: number) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt) return receipt;
  }
  return null;
}

async function batchesBeingAnchored(db: Database): Promise<boolean> {
  return (
    (await db.query("chainWrites.anchoring", "SELECT root FROM outbox_batches WHERE status = 'anchoring' LIMIT 1"))
      .length > 0
  );
}

async function markNeedsPerson(p: KeepChainWritesParameters, row: ChainWriteRow, reason: string): Promise<Outcome> {
  await settle(p.db, row.id, { status: "needs_person", reason, block_number: null, block_hash: null });
  p.logger?.error(
    { write: row.id, route: row.route, reason },
    "an acknowledged write the chain lost can no longer apply: a person must decide",
  );
  return "needs_person";
}

async function settle(
  db: Database,
  id: string,
  fields: Partial<
    Pick<ChainWriteRow, "transaction_hash" | "block_number" | "block_hash" | "status" | "resent" | "reason">
  >,
) {
  const entries = Object.entries(fields);
  await db.query(
    "chainWrites.settle",
    `UPDATE chain_writes SET ${entries.map(([k], i) => `${k} = $${i + 1}`).join(", ")}, updated_at = $${entries.length + 1} WHERE id = $${entries.length + 2}`,
    [...entries.map(([, v]) => v), new Date().toISOString(), id],
  );
}
