import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { requireMember } from "../../auth/authenticate.js";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import type { BatchLoader } from "../../outbox/loadBatch.js";
import type { OutboxRow } from "../../outbox/outboxRecords.js";

/** An anchored outbox record the caller may act for (its issuer), with its Merkle position. */
export async function anchoredRecord(
  deps: { db: Database; loadBatch: BatchLoader },
  caller: ApiKeyRecord,
  recordId: string,
  field: string,
) {
  const [row] = await deps.db.query<OutboxRow>("correction.row", "SELECT * FROM outbox_attestations WHERE id = $1", [
    recordId,
  ]);
  if (!row)
    throw new DomainError("attestation_not_found", `No attestation has id ${recordId}.`, [{ field, value: recordId }]);
  const issuerId = Number(row.issuer_id);
  requireMember(caller, issuerId);
  if (row.status !== "anchored")
    throw new DomainError(
      "not_anchored_yet",
      `Attestation ${recordId} is not anchored yet; retry once its batch is on chain.`,
      [{ field, value: recordId }],
    );
  const { tree, sealed } = await deps.loadBatch(deps.db, row.batch_root!);
  const index = Number(row.batch_index);
  return {
    issuerId,
    leaf: row.leaf,
    position: { root: tree.root, attestation: sealed[index].attestation, proof: tree.getProof(index) },
  };
}
