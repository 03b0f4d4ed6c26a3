import { Router } from "express";
import { z } from "zod";
import { authenticate } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { openApiRegistry, validate } from "../openapi.js";

const Query = z.object({
  issuerId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const Batch = openApiRegistry.register("Batch", z.object({ root: z.string(), issuerId: z.number(), count: z.number(), blockNumber: z.number(), anchoredBy: z.string() }));
openApiRegistry.registerPath({
  method: "get",
  path: "/batches",
  summary: "Anchored batches, from the index of chain events, newest first",
  security: [{ apiKey: [] }],
  request: { query: Query },
  responses: { 200: { description: "a page of batches", content: { "application/json": { schema: z.object({ items: z.array(Batch), total: z.number() }) } } } },
});

/** Query endpoints over the index (chain events stored by the indexer). */
export function batchRoutes(db: Database): Router {
  const router = Router();
  router.get("/batches", authenticate(db), async (req, res) => {
    const q = validate(Query, req.query);
    const filter = q.issuerId ? "name = 'BatchAnchored' AND member_id = $1" : "name = 'BatchAnchored'";
    const params = q.issuerId ? [q.issuerId] : [];
    const [{ n }] = await db.query<{ n: number }>("batches.count", `SELECT COUNT(*) AS n FROM chain_events WHERE ${filter}`, params);
    // limit and offset are validated integers.
    const rows = await db.query<{ args: string; block_number: number }>(
      "batches.page",
      `SELECT args, block_number FROM chain_events WHERE ${filter} ORDER BY block_number DESC, log_index DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    res.json({
      total: Number(n),
      items: rows.map((r) => {
        const a = JSON.parse(r.args) as { root: string; issuerId: string; count: string; anchoredBy: string };
        return { root: a.root, issuerId: Number(a.issuerId), count: Number(a.count), blockNumber: Number(r.block_number), anchoredBy: a.anchoredBy };
      }),
    });
  });
  return router;
}
