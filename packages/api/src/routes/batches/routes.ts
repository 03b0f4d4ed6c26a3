import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { BatchCredentials, json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { BatchPage, BatchQuery, BatchRoot } from "./schemas.js";
import { batchCredentials, listBatches } from "./service.js";

/** Batches: a query over the index (chain events stored by the indexer), and a batch's credential files. */
export function batchRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/batches/{root}/credentials",
    summary: "The issuer downloads every student's credential file of one anchored batch (to hand them out)",
    roles: ["member"],
    params: BatchRoot,
    responses: {
      200: { description: "`items`: one credential file per record, in batch order", content: json(BatchCredentials) },
      403: { description: "not the issuing member's key (the secretariat included)" },
      404: { description: "this gateway holds no such batch" },
      409: { description: "not anchored yet" },
    },
    handler: async ({ params: { root }, caller }) => ok(await batchCredentials(deps, root, caller)),
  });

  defineRoute({
    method: "get",
    path: "/batches",
    summary: "Anchored batches, from the index of chain events, newest first",
    roles: "any",
    query: BatchQuery,
    responses: { 200: { description: "a page of batches", content: json(BatchPage) } },
    handler: async ({ query, caller }) => ok(await listBatches(deps, query, caller)),
  });
  return router;
}
