import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { IssuedRecordPage, RecordQuery } from "./schemas.js";
import { listIssuedRecords } from "./service.js";

/** The issuer's own anchored records, batch by batch (the console's revoke and correct screens). */
export function recordRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/records",
    summary:
      "The issuing member's own anchored records of one batch (in batch order) or of one student (oldest first), with their on-chain revocation (to revoke or correct one)",
    roles: ["member"],
    query: RecordQuery,
    responses: { 200: { description: "a page of records", content: json(IssuedRecordPage) } },
    handler: async ({ query, caller }) => ok(await listIssuedRecords(deps, query, caller)),
  });
  return router;
}
