import { confirmSettlement, recordSettlement } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { custodialSigner } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { json, SettlementRecorded, Written } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { RecordSettlement, SettlementId, SettlementPage, SettlementQuery } from "./schemas.js";
import { listSettlements } from "./service.js";

/** Settlements of closed periods: the payer records a payment, the payee confirms it (custodial keys). */
export function settlementRoutes(deps: RouteDependencies): Router {
  const { db, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/settlements",
    summary:
      "Settlement payments on chain (from the index), filterable by period and whether the payee confirmed, paginated",
    roles: "any",
    query: SettlementQuery,
    responses: { 200: { description: "a page of settlements, oldest first", content: json(SettlementPage) } },
    handler: async ({ query, caller }) => ok(await listSettlements(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/settlements",
    summary: "The payer records a settlement payment of a closed period",
    roles: ["member"],
    body: RecordSettlement,
    responses: { 201: { description: "recorded", content: json(SettlementRecorded) } },
    handler: async ({ body, caller, req }) =>
      idempotentChainWrite(db, req, async () => {
        const recorded = await recordSettlement(custodialSigner(signers, caller.memberId!), body);
        return {
          status: recorded.alreadyRecorded ? 200 : 201,
          body: {
            settlementId: recorded.settlementId.toString(),
            transactionHash: recorded.transactionHash,
            alreadyRecorded: recorded.alreadyRecorded,
          },
        };
      }),
  });

  defineRoute({
    method: "post",
    path: "/settlements/{settlementId}/confirm",
    summary: "The payee confirms a settlement payment arrived",
    roles: ["member"],
    params: SettlementId,
    responses: { 200: { description: "confirmed", content: json(Written) } },
    handler: async ({ params: { settlementId }, caller, req }) =>
      idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await confirmSettlement(custodialSigner(signers, caller.memberId!), { settlementId }),
      })),
  });
  return router;
}
