import { recognizeBatches } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { custodialSigner } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { Decided, json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { Decide, InboxPage, InboxQuery } from "./schemas.js";
import { groupDecisions, listRecognitionInbox } from "./service.js";

/** The home school's inbox of incoming attestations, and its decisions (signed with its custodial key). */
export function recognitionRoutes(deps: RouteDependencies): Router {
  const { db, signers, loadBatch } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/recognitions/inbox",
    summary:
      "Anchored attestations of the caller's students that it has not decided yet, filterable by issuer, course and term, paginated",
    roles: ["member"],
    query: InboxQuery,
    responses: { 200: { description: "undecided attestations", content: json(InboxPage) } },
    handler: async ({ query, caller }) => ok(await listRecognitionInbox(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/recognitions",
    summary: "Decide on attestations of the caller's students (accept, convert, reject), in one transaction",
    roles: ["member"],
    body: Decide,
    responses: {
      200: { description: "recorded on chain", content: json(Decided) },
      400: { description: "invalid" },
      409: {
        description:
          "refused by the contract (named error code), no custodial key, or `inbound_manifest_missing`: a received record whose batch manifest this gateway has not checked",
      },
    },
    handler: async ({ body: { decisions }, caller, req }) => {
      const homeId = caller.memberId!;
      const signer = custodialSigner(signers, homeId);
      return idempotentChainWrite(db, req, async () => {
        const batches = await groupDecisions(db, loadBatch, homeId, decisions);
        const { transactionHash, blockNumber } = await recognizeBatches(signer, { batches });
        return { status: 200, body: { decided: decisions.length, transactionHash, blockNumber } };
      });
    },
  });
  return router;
}
