import { approveDecision, proposeDecision } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { actingSigner } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { jsonSafe } from "../../jsonSafe.js";
import { Approved, json, Proposed } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { ACTIONS, ProposalId, ProposalPage, ProposalQuery, Propose, ROLES } from "./schemas.js";
import { listProposals } from "./service.js";

/**
 * Council decisions. The contract decides who holds the council role; the gateway signs with the
 * caller's custodial key and reports a refusal by the contract's error name.
 */
export function proposalRoutes(deps: RouteDependencies): Router {
  const { db, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/proposals",
    summary: "Council decisions, filterable by action and whether executed, paginated",
    roles: "any",
    query: ProposalQuery,
    responses: { 200: { description: "a page of proposals", content: json(ProposalPage) } },
    handler: async ({ query, caller }) => ok(await listProposals(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/proposals",
    summary:
      "A councillor proposes admitting, suspending, reinstating or withdrawing a member, amending the charter, granting or revoking a role, recovering a school's lost key, deciding investment shares (the charter's or one period's) or the minimum contribution rule (its own approval counts)",
    roles: ["member", "secretariat"],
    body: Propose,
    responses: { 201: { description: "proposed; `executed` once the quorum is reached", content: json(Proposed) } },
    handler: async ({ body, caller, req }) =>
      idempotentChainWrite(db, req, async () => ({
        status: 201,
        body: jsonSafe(
          await proposeDecision(actingSigner(signers, caller), {
            action: ACTIONS[body.action],
            memberId: body.memberId,
            charter: body.charter,
            role: body.role && ROLES[body.role],
            account: body.account,
            shares: body.shares && { periodId: body.periodId ?? 0, shares: body.shares },
            contributionRule: body.contributionRule && {
              minIndexPermille: Math.round(body.contributionRule.minContributionIndex * 1000),
              periodsBeforeSuspension: body.contributionRule.periodsBeforeSuspension,
              minPeriodDays: body.contributionRule.minPeriodDays,
            },
          }),
        ),
      })),
  });

  defineRoute({
    method: "post",
    path: "/proposals/{proposalId}/approve",
    summary: "A councillor approves a proposal; it executes at the charter's quorum",
    roles: ["member", "secretariat"],
    params: ProposalId,
    responses: { 200: { description: "approved", content: json(Approved) } },
    handler: async ({ params: { proposalId }, caller, req }) =>
      idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await approveDecision(actingSigner(signers, caller), { proposalId: BigInt(proposalId) }),
      })),
  });
  return router;
}
