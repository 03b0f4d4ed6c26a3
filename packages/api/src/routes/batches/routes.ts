import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { BatchCredentials, json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { BatchCredentialsQuery, BatchPage, BatchQuery, BatchRoot, CredentialArchive } from "./schemas.js";
import { batchCredentials, listBatches, sendCredentialArchive } from "./service.js";

/** Batches: a query over the index (chain events stored by the indexer), and a batch's credential files. */
export function batchRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/batches/{root}/credentials",
    summary:
      "The issuer downloads every student's credential file of one anchored batch (to hand them out): as JSON, or as one zip archive with `Accept: application/zip` or `?format=zip` (files named `<COURSECODE>-<NN>.json`)",
    roles: ["member"],
    params: BatchRoot,
    query: BatchCredentialsQuery,
    responses: {
      200: {
        description:
          'JSON: `items`, one credential file per record, in batch order. Zip (`Content-Disposition: attachment; filename="credentials-<root>.zip"`): the same files, each named by course code and 1-based place in the batch, zero-padded (`CS201-01.json`)',
        content: { ...json(BatchCredentials), "application/zip": { schema: CredentialArchive } },
      },
      403: { description: "not the issuing member's key (the secretariat included)" },
      404: { description: "this gateway holds no such batch" },
      409: { description: "not anchored yet" },
    },
    handler: async ({ params: { root }, query, caller, req, res }) => {
      res.vary("Accept");
      const zip = query.format
        ? query.format === "zip"
        : req.accepts(["application/json", "application/zip"]) === "application/zip";
      if (!zip) return ok(await batchCredentials(deps, root, caller));
      await sendCredentialArchive(deps, root, caller, res);
      return undefined;
    },
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
