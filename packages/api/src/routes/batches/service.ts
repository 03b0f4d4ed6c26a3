import { issueCredentialFiles } from "@alliance-ledger/sdk";
import type { z } from "zod";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { requireMember } from "../../auth/authenticate.js";
import { DomainError } from "../../errors.js";
import type { BatchLoader } from "../../outbox/loadBatch.js";
import type { ReadDependencies } from "../deps.js";
import type { Batch, BatchQuery } from "./schemas.js";

/** Anchored batches from the index of chain events, optionally one issuer's, newest first; every key may read them. */
export async function listBatches(
  deps: ReadDependencies,
  query: BatchQuery,
  _caller: ApiKeyRecord,
): Promise<{ total: number; items: Array<z.infer<typeof Batch>> }> {
  const { db } = deps;
  const filter = query.issuerId ? "name = 'BatchAnchored' AND member_id = $1" : "name = 'BatchAnchored'";
  const params = query.issuerId ? [query.issuerId] : [];
  const [{ n }] = await db.query<{ n: number }>(
    "batches.count",
    `SELECT COUNT(*) AS n FROM chain_events WHERE ${filter}`,
    params,
  );
  // limit and offset are validated integers.
  const rows = await db.query<{ args: string; block_number: number }>(
    "batches.page",
    `SELECT args, block_number FROM chain_events WHERE ${filter} ORDER BY block_number DESC, log_index DESC LIMIT ${query.limit} OFFSET ${query.offset}`,
    params,
  );
  return {
    total: Number(n),
    items: rows.map((r) => {
      const a = JSON.parse(r.args) as { root: string; issuerId: string; count: string; anchoredBy: string };
      return {
        root: a.root,
        issuerId: Number(a.issuerId),
        count: Number(a.count),
        blockNumber: Number(r.block_number),
        anchoredBy: a.anchoredBy,
      };
    }),
  };
}

/**
 * Every student's credential file of one anchored batch, for its issuer only: the files carry every
 * student's reference, grade and salts, which the secretariat's work never needs.
 */
export async function batchCredentials(
  deps: ReadDependencies & { loadBatch: BatchLoader },
  root: string,
  caller: ApiKeyRecord,
) {
  const { db } = deps;
  const [batch] = await db.query<{ issuer_id: number; status: string }>(
    "batches.get",
    "SELECT issuer_id, status FROM outbox_batches WHERE root = $1",
    [root],
  );
  if (!batch)
    throw new DomainError("batch_not_found", `This gateway holds no batch ${root}.`, [{ field: "root", value: root }]);
  requireMember(caller, Number(batch.issuer_id));
  if (batch.status !== "anchored")
    throw new DomainError("not_anchored_yet", "This batch is not anchored yet; retry shortly.", [
      { status: batch.status },
    ]);
  const { sealed, tree } = await deps.loadBatch(db, root);
  const { chainId } = await deps.provider.getNetwork();
  return {
    batchRoot: root,
    issuerId: Number(batch.issuer_id),
    items: issueCredentialFiles({
      tree,
      sealed,
      chainId: Number(chainId),
      creditLedger: deps.reader.addresses.creditLedger,
    }),
  };
}
