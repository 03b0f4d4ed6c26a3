import { signCredential, STATUS_LIST_LENGTH, statusListCredential } from "@alliance-ledger/sdk";
import { DomainError } from "../../errors.js";
import type { IssuerKeys } from "../../issuers/issuerKeys.js";
import type { RouteDependencies } from "../deps.js";

/** 404 `did_not_found` until the member has a signing key. */
export async function didDocumentOf(issuerKeys: IssuerKeys, memberId: number) {
  const document = await issuerKeys.document(memberId);
  if (!document)
    throw new DomainError("did_not_found", `Member ${memberId} has signed no credential through this gateway.`, [
      { field: "memberId", value: memberId },
    ]);
  return document;
}

/**
 * Status list `list` of `memberId`, signed by the member's current key: the bit at a record's status
 * index (its outbox sequence number, modulo the list length) is set once the indexer has seen its
 * revocation on chain. Only this gateway's records have places here.
 */
export async function signedStatusList(
  deps: Pick<RouteDependencies, "db" | "issuerKeys">,
  memberId: number,
  list: number,
) {
  const first = list * STATUS_LIST_LENGTH;
  const rows = await deps.db.query<{ seq: number }>(
    "statusList.revoked",
    `SELECT o.seq FROM outbox_attestations o JOIN indexed_records r
       ON r.issuer_id = o.issuer_id AND r.root = o.batch_root AND r.record_index = o.batch_index
     WHERE o.issuer_id = $1 AND o.seq >= $2 AND o.seq < $3 AND r.revoked = 1`,
    [memberId, first, first + STATUS_LIST_LENGTH],
  );
  const { issuerKeys } = deps;
  const unsigned = await statusListCredential({
    url: issuerKeys.statusListUrl(memberId, list),
    issuer: issuerKeys.did(memberId),
    revoked: rows.map((r) => Number(r.seq) - first),
    validFrom: new Date(),
  });
  return signCredential(unsigned, await issuerKeys.current(memberId), issuerKeys.loader);
}
