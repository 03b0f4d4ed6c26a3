import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotent } from "../../idempotency.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { ChainWrite, ChainWriteId, ChainWritePage, ChainWriteQuery, Resolve } from "./schemas.js";
import { listChainWrites, readChainWrite, resolveChainWrite } from "./service.js";

/** The chain-write journal, for callers polling their writes and operators looking for ones that need a person. */
export function chainWriteRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/chain-writes",
    summary:
      "What became of acknowledged chain writes: each answered 2xx is kept on chain, sent again once if a node loses it, or marked needs_person. A school's keys see their school's writes; the secretariat and auditors see all",
    roles: "any",
    query: ChainWriteQuery,
    responses: { 200: { description: "a page of writes, oldest first", content: json(ChainWritePage) } },
    handler: async ({ query, caller }) => ok(await listChainWrites(deps, query, caller)),
  });

  defineRoute({
    method: "get",
    path: "/chain-writes/{id}",
    summary: "One acknowledged chain write and where it stands",
    roles: "any",
    params: ChainWriteId,
    responses: {
      200: { description: "the write", content: json(ChainWrite) },
      404: { description: "no such write visible to this key" },
    },
    handler: async ({ params: { id }, caller }) => ok(await readChainWrite(deps, id, caller)),
  });

  defineRoute({
    method: "post",
    path: "/chain-writes/{id}/resolve",
    summary:
      "The secretariat records what a person decided about a write that can no longer apply (needs_person → resolved); the caller's retries then say so",
    roles: ["secretariat"],
    params: ChainWriteId,
    body: Resolve,
    responses: {
      200: { description: "resolved", content: json(ChainWrite) },
      404: { description: "no such write" },
      409: { description: "`chain_write_not_stuck`: only a write that needs a person can be resolved" },
    },
    handler: async ({ params: { id }, body: { note }, req }) =>
      idempotent(deps.db, req, (tx) => resolveChainWrite(tx, id, note)),
  });
  return router;
}
