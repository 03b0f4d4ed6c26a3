import { getAddress } from "ethers";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import { issueCredentialFiles } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { requireMember } from "../../auth/authenticate.js";
import { DomainError } from "../../errors.js";
import type { BatchLoader } from "../../outbox/loadBatch.js";
import type { ReadDependencies } from "../deps.js";
import type { BatchQuery } from "./schemas.js";

/** Anchored batches from the read model, optionally one issuer's, newest first; every key may read them. */
export async function listBatches(deps: ReadDependencies, q: BatchQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "batches.list", {
    columns: "*",
    from: "indexed_batches",
    filters: [q.issuerId === undefined ? undefined : ["issuer_id = ?", q.issuerId]],
    orderBy: "block_number DESC, key DESC",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const b = READ_MODEL_TABLES.batches.fromRecord(r);
    return {
      root: b.root,
      issuerId: b.issuerId,
      count: b.count,
      blockNumber: b.blockNumber,
      anchoredBy: getAddress(b.anchoredBy),
    };
  });
  return { total, totalExact, items };
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
