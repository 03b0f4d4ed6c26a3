import type { Router } from "express";
import { createApiKey, revokeApiKey } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { ApiKeyId, ApiKeySelf, CreateApiKey, CreatedApiKey } from "./schemas.js";
import { describeKey } from "./service.js";

/** API keys: the secretariat issues and revokes them, its own housekeeping (no Idempotency-Key); every key may ask who it is. */
export function apiKeyRoutes(deps: RouteDependencies): Router {
  const { db } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "post",
    path: "/api-keys",
    summary: "Issue an API key bound to one role (and member); the key is shown once",
    roles: ["secretariat"],
    idempotent: false,
    body: CreateApiKey,
    responses: {
      201: { description: "created", content: json(CreatedApiKey) },
      400: { description: "invalid" },
      401: { description: "no key" },
      403: { description: "not the secretariat" },
    },
    handler: async ({ body }) => ({ status: 201, body: await createApiKey(db, body) }),
  });

  defineRoute({
    method: "get",
    path: "/api-keys/self",
    summary:
      "Who the calling key is: its id, label, role and member (with the member's name); any valid key, e.g. a console choosing which screens to show",
    roles: "any",
    responses: {
      200: { description: "the calling key (never the key itself, nor any other key)", content: json(ApiKeySelf) },
      401: { description: "no key (`unauthenticated`), or an unknown or revoked one (`invalid_api_key`)" },
    },
    handler: async ({ caller }) => ok(await describeKey(deps, caller)),
  });

  defineRoute({
    method: "delete",
    path: "/api-keys/{id}",
    summary: "Revoke an API key",
    roles: ["secretariat"],
    idempotent: false,
    params: ApiKeyId,
    responses: { 204: { description: "revoked" }, 404: { description: "no live key with that id" } },
    handler: async ({ params: { id } }) => {
      if (!(await revokeApiKey(db, id))) throw new DomainError("api_key_not_found", `No live API key has id ${id}.`);
      return { status: 204 };
    },
  });
  return router;
}
