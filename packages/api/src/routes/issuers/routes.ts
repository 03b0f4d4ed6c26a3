import type { Router } from "express";
import { requireMember } from "../../auth/authenticate.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotent } from "../../idempotency.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { MemberId } from "../members/schemas.js";
import { IssuerKey, IssuerKeyList, JsonLdDocument, StatusListId } from "./schemas.js";
import { didDocumentOf, signedStatusList } from "./service.js";

/**
 * Member schools as credential issuers anyone can check without our software: each one's did:web
 * document (its signing keys) and its signed revocation status lists, derived from the chain.
 */
export function issuerRoutes(deps: RouteDependencies): Router {
  const { db, issuerKeys } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/members/{memberId}/did.json",
    summary:
      "A member school's did:web document (did:web:<gateway host>:members:<id>): every Ed25519 key it ever signed credentials with",
    public: true,
    params: MemberId,
    responses: {
      200: { description: "the DID document", content: json(JsonLdDocument) },
      404: { description: "`did_not_found`: this member has signed nothing through this gateway" },
    },
    handler: async ({ params: { memberId } }) => ok(await didDocumentOf(issuerKeys, memberId)),
  });

  defineRoute({
    method: "get",
    path: "/members/{memberId}/status/{list}",
    summary:
      "A member's signed BitstringStatusListCredential: bit N is set when the record at status index N was revoked on chain (as the index has seen it)",
    public: true,
    params: StatusListId,
    responses: {
      200: { description: "the signed status list credential", content: json(JsonLdDocument) },
      404: {
        description:
          "`did_not_found`: the member has signed nothing yet; `status_list_not_found`: no credential of the member points into this list",
      },
    },
    handler: async ({ params: { memberId, list } }) => ok(await signedStatusList(deps, memberId, list)),
  });

  defineRoute({
    method: "get",
    path: "/members/{memberId}/issuer-keys",
    summary: "A member's credential-signing keys with their fingerprints, newest marked current",
    roles: "any",
    params: MemberId,
    responses: { 200: { description: "the keys", content: json(IssuerKeyList) } },
    handler: async ({ params: { memberId } }) =>
      ok({ did: issuerKeys.did(memberId), items: await issuerKeys.list(memberId) }),
  });

  defineRoute({
    method: "post",
    path: "/members/{memberId}/issuer-keys",
    summary:
      "Rotate the school's credential-signing key (the school itself): new credentials are signed with a new key; the old ones stay in the DID document, so what they signed still verifies",
    roles: ["member"],
    params: MemberId,
    authorize: ({ params, caller }) => requireMember(caller, params.memberId),
    responses: { 201: { description: "the new key", content: json(IssuerKey) } },
    handler: async ({ params: { memberId }, req }) => {
      const answer = await idempotent(db, req, async (tx) => ({
        status: 201,
        body: await issuerKeys.rotate(memberId, tx),
      }));
      // On chain after the commit (no chain call holds the database); a failure is retried at the key's next use.
      await issuerKeys.publishMissing(memberId);
      return answer;
    },
  });
  return router;
}
