import { Router } from "express";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import { createApiKey, revokeApiKey, Role } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { openApiRegistry, secured, validate } from "../openapi.js";

const CreateApiKey = openApiRegistry.register(
  "CreateApiKey",
  z
    .object({
      label: z.string().trim().min(1).max(100).openapi({ example: "Tianjin University registrar" }),
      role: Role,
      memberId: z.number().int().positive().optional(),
    })
    .strict()
    .refine((k) => (k.role === "member") === (k.memberId !== undefined), {
      message: "a member key needs memberId; other roles must not have one",
      path: ["memberId"],
    }),
);
const CreatedApiKey = z.object({
  id: z.string(),
  key: z.string().openapi({ description: "Shown once: store it now." }),
});

openApiRegistry.registerPath({
  method: "post",
  path: "/api-keys",
  summary: "Issue an API key bound to one role (and member); the key is shown once",
  ...secured,
  request: { body: { content: { "application/json": { schema: CreateApiKey } } } },
  responses: {
    201: { description: "created", content: { "application/json": { schema: CreatedApiKey } } },
    400: { description: "invalid" },
    401: { description: "no key" },
    403: { description: "not the secretariat" },
  },
});
openApiRegistry.registerPath({
  method: "delete",
  path: "/api-keys/{id}",
  summary: "Revoke an API key",
  ...secured,
  request: { params: z.object({ id: z.string() }) },
  responses: { 204: { description: "revoked" }, 404: { description: "no live key with that id" } },
});

/** API keys: the secretariat issues and revokes them. */
export function apiKeyRoutes(db: Database): Router {
  const router = Router();
  router.post("/api-keys", authenticate(db), requireRole("secretariat"), async (req, res) => {
    const body = validate(CreateApiKey, req.body);
    res.status(201).json(await createApiKey(db, body));
  });
  router.delete("/api-keys/:id", authenticate(db), requireRole("secretariat"), async (req, res) => {
    if (!(await revokeApiKey(db, String(req.params.id))))
      throw new DomainError("api_key_not_found", `No live API key has id ${req.params.id}.`);
    res.status(204).end();
  });
  return router;
}
