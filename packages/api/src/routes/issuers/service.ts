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

/** Signed lists by member and list, with what they were made from: a public read re-signs only on change. */
const signedLists = new WeakMap<IssuerKeys, Map<string, { made: string; at: number; credential: object }>>();
/** How long a signed list is served unchanged at most (its validFrom tells verifiers how fresh it is). */
const LIST_TTL_MS = 60_000;
/** Signed lists kept at most (the least recently made go first): the lists in use are a handful a member. */
const MAX_CACHED_LISTS = 512;

/**
 * Status list `list` of `memberId`, signed by the member's current key: bit N is set once the indexer
 * has seen the revocation on chain of the record given status index N at its export. Public: it never
 * makes a key (404 `did_not_found` before the member's first export), and a list is signed again only
 * when its bits, its key or a minute have changed.
 */
export async function signedStatusList(
  deps: Pick<RouteDependencies, "db" | "issuerKeys">,
  memberId: number,
  list: number,
) {
  const { issuerKeys } = deps;
  const key = await issuerKeys.current(memberId);
  // Only lists some exported credential points into: any other number would be signed (and kept) for nobody.
  const [{ top }] = await deps.db.query<{ top: number | string | null }>(
    "statusList.top",
    "SELECT MAX(idx) AS top FROM status_indexes WHERE issuer_id = $1",
    [memberId],
  );
  const lastList = top === null ? 0 : Math.floor(Number(top) / STATUS_LIST_LENGTH);
  if (list > lastList)
    throw new DomainError(
      "status_list_not_found",
      `Member ${memberId}'s credentials use status lists 0 to ${lastList}; there is no list ${list}.`,
      [{ field: "list", value: list }],
    );
  const first = list * STATUS_LIST_LENGTH;
  const rows = await deps.db.query<{ idx: number }>(
    "statusList.revoked",
    `SELECT s.idx FROM status_indexes s
       JOIN outbox_attestations o ON o.id = s.attestation_id
       JOIN indexed_records r ON r.issuer_id = o.issuer_id AND r.root = o.batch_root AND r.record_index = o.batch_index
     WHERE s.issuer_id = $1 AND s.idx >= $2 AND s.idx < $3 AND r.revoked = 1
     ORDER BY s.idx`,
    [memberId, first, first + STATUS_LIST_LENGTH],
  );
  const revoked = rows.map((r) => Number(r.idx) - first);
  const made = `${key.id}|${revoked.join(",")}`;
  const cache = signedLists.get(issuerKeys) ?? new Map();
  signedLists.set(issuerKeys, cache);
  const cached = cache.get(`${memberId}:${list}`);
  if (cached && cached.made === made && Date.now() - cached.at < LIST_TTL_MS) return cached.credential;
  const unsigned = await statusListCredential({
    url: issuerKeys.statusListUrl(memberId, list),
    issuer: issuerKeys.did(memberId),
    revoked,
    validFrom: new Date(),
  });
  const credential = await signCredential(unsigned, key, issuerKeys.loader);
  cache.delete(`${memberId}:${list}`);
  cache.set(`${memberId}:${list}`, { made, at: Date.now(), credential });
  if (cache.size > MAX_CACHED_LISTS) cache.delete(cache.keys().next().value!);
  return credential;
}
