import type { Router } from "express";
import { DomainError } from "../../errors.js";
import { resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { json, Relayed } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { ForwardRequest } from "./schemas.js";
import { relay, requireOwnOperatorKey } from "./service.js";

/** Relays members' self-signed requests through the alliance's ERC-2771 forwarder. */
export function relayRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);
  defineRoute({
    method: "post",
    path: "/relay",
    summary:
      "Self-custody: relay a request your school signed with its own operator key; the contract sees your key, not the gateway's",
    roles: ["member"],
    body: ForwardRequest,
    responses: {
      200: { description: "relayed and mined", content: json(Relayed) },
      400: { description: "expired, stale nonce, bad signature or not an alliance contract" },
      403: { description: "the signing key is not your school's" },
      409: { description: "the contract refused the call (its error name)" },
    },
    handler: async ({ body: request, caller, req }) => {
      await requireOwnOperatorKey(deps.reader, request, caller);
      const { relayer } = deps;
      if (!relayer) throw new DomainError("no_relayer", "This gateway has no relayer key configured.");
      return idempotentChainWrite(deps.db, req, async () => ({ status: 200, body: await relay(relayer, request) }));
    },
  });
  return router;
}
