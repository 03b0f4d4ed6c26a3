import { registerApplicant, rotateOperatorKey } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { requireMember } from "../../auth/authenticate.js";
import { actingSigner, custodialSigner, SECRETARIAT_SIGNER } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { json, KeysRotated, Registered } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { KINDS, Member, MemberId, MemberPage, MemberQuery, RegisterApplicant, RotateKeys } from "./schemas.js";
import { listMembers, readMember } from "./service.js";

/**
 * Membership: applicants and operator keys. The gateway signs with the caller's custodial key (the
 * secretariat's or the school's) and reports a refusal by the contract's error name.
 */
export function memberRoutes(deps: RouteDependencies): Router {
  const { db, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/members",
    summary: "Members of the alliance, filterable by status, paginated",
    roles: "any",
    query: MemberQuery,
    responses: { 200: { description: "a page of members", content: json(MemberPage) } },
    handler: async ({ query, caller }) => ok(await listMembers(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/members",
    summary: "The secretariat registers an applicant school (Pending until the council admits it)",
    roles: ["secretariat"],
    body: RegisterApplicant,
    responses: { 201: { description: "registered; `memberId`", content: json(Registered) } },
    handler: async ({ body, req }) =>
      idempotentChainWrite(db, req, async () => ({
        status: 201,
        body: await registerApplicant(custodialSigner(signers, SECRETARIAT_SIGNER), {
          name: body.name,
          kind: KINDS[body.kind],
          region: body.region,
          operator: body.operator,
        }),
      })),
  });

  defineRoute({
    method: "get",
    path: "/members/{memberId}",
    summary: "One member with its current operator keys",
    roles: "any",
    params: MemberId,
    responses: { 200: { description: "the member", content: json(Member) }, 404: { description: "no such member" } },
    handler: async ({ params }) => ok(await readMember(deps, params.memberId)),
  });

  // The school itself only: the secretariat adding a key to a member would let it act as that member.
  defineRoute({
    method: "post",
    path: "/members/{memberId}/operators",
    summary:
      "Rotate a school's operator keys: add the new key, then retire the old (the school itself; a school that lost its keys recovers through a council `recoverKey` proposal)",
    roles: ["member"],
    params: MemberId,
    authorize: ({ params, caller }) => requireMember(caller, params.memberId),
    body: RotateKeys,
    responses: {
      200: { description: "rotated; the retired key's validity window stays on chain", content: json(KeysRotated) },
    },
    handler: async ({ params: { memberId }, body, caller, req }) =>
      idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await rotateOperatorKey(actingSigner(signers, caller), { memberId, ...body }),
      })),
  });
  return router;
}
