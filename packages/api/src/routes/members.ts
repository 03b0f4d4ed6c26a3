import { Router } from "express";
import { listMembers, type AllianceClient } from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { openApiRegistry, validate } from "../openapi.js";

const Member = openApiRegistry.register(
  "Member",
  z.object({ memberId: z.number(), name: z.string(), region: z.string(), kind: z.number(), status: z.string(), registeredAtBlock: z.number(), statusChangedAtBlock: z.number(), operators: z.array(z.string()) }),
);
const ListQuery = z.object({
  status: z.enum(["pending", "active", "suspended", "withdrawn"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
openApiRegistry.registerPath({
  method: "get",
  path: "/members",
  summary: "Members of the alliance, filterable by status, paginated",
  security: [{ apiKey: [] }],
  request: { query: ListQuery },
  responses: { 200: { description: "a page of members", content: { "application/json": { schema: z.object({ items: z.array(Member), total: z.number() }) } } } },
});

/** Members, read from the registry (any valid key). */
export function memberRoutes(db: Database, reader: AllianceClient): Router {
  const router = Router();
  router.get("/members", authenticate(db), async (req, res) => {
    const q = validate(ListQuery, req.query);
    const all = (await listMembers(reader)).filter((m) => !q.status || m.status === q.status);
    res.json({ items: all.slice(q.offset, q.offset + q.limit), total: all.length });
  });
  return router;
}
