import { Router, type Request } from "express";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { idempotent } from "../idempotency.js";
import { chainWriteView, type ChainWriteRow } from "../chainWrites/chainWriteJournal.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { bytes32, page } from "../validators.js";

const STATUSES = ["on_chain", "resending", "needs_person", "resolved"] as const;
const Resolve = openApiRegistry.register(
  "ResolveChainWrite",
  z
    .object({
      note: z.string().min(1).max(500).openapi({
        description: "what was decided instead, for the caller and the auditor (e.g. the correcting entry's reference)",
      }),
    })
    .strict(),
);
const ChainWrite = openApiRegistry.register(
  "ChainWrite",
  z.object({
    id: z
      .string()
      .openapi({ description: "the hash of the write's first transaction; stays its id when it is sent again" }),
    route: z.string(),
    idempotencyKey: z.string(),
    status: z.enum(STATUSES).openapi({
      description:
        "on_chain: the chain has it; resending: the node lost it and the gateway is sending it again; needs_person: it can no longer apply (see `reason`)",
    }),
    transactionHash: z.string().openapi({ description: "the transaction that carries it now" }),
    blockNumber: z.number().optional(),
    resent: z.number().openapi({ description: "how many times it was sent again after a node lost it" }),
    reason: z.string().optional(),
    acknowledgedAt: z.string(),
    updatedAt: z.string(),
  }),
);
const Query = z.object({
  status: z.enum(STATUSES).optional(),
  idempotencyKey: z.string().max(128).optional(),
  ...page,
});

openApiRegistry.registerPath({
  method: "get",
  path: "/chain-writes",
  summary:
    "What became of acknowledged chain writes: each answered 2xx is kept on chain, sent again once if a node loses it, or marked needs_person. A school's keys see their school's writes; the secretariat and auditors see all",
  ...secured,
  request: { query: Query },
  responses: {
    200: {
      description: "a page of writes, oldest first",
      content: { "application/json": { schema: z.object({ items: z.array(ChainWrite), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/chain-writes/{id}",
  summary: "One acknowledged chain write and where it stands",
  ...secured,
  request: { params: z.object({ id: bytes32 }) },
  responses: {
    200: { description: "the write", content: { "application/json": { schema: ChainWrite } } },
    404: { description: "no such write visible to this key" },
  },
});

openApiRegistry.registerPath({
  method: "post",
  path: "/chain-writes/{id}/resolve",
  summary:
    "The secretariat records what a person decided about a write that can no longer apply (needs_person → resolved); the caller's retries then say so",
  ...secured,
  request: { params: z.object({ id: bytes32 }), body: { content: { "application/json": { schema: Resolve } } } },
  responses: {
    200: { description: "resolved", content: { "application/json": { schema: ChainWrite } } },
    404: { description: "no such write" },
    409: { description: "`chain_write_not_stuck`: only a write that needs a person can be resolved" },
  },
});

/** The chain-write journal, for callers polling their writes and operators looking for ones that need a person. */
export function chainWriteRoutes(db: Database): Router {
  const router = Router();

  router.get("/chain-writes", authenticate(db), async (req, res) => {
    const q = validate(Query, req.query);
    const rows = (await visibleWrites(db, req)).filter(
      (w) => (!q.status || w.status === q.status) && (!q.idempotencyKey || w.idem_key === q.idempotencyKey),
    );
    res.json({ items: rows.slice(q.offset, q.offset + q.limit).map(chainWriteView), total: rows.length });
  });

  router.get("/chain-writes/:id", authenticate(db), async (req, res) => {
    const { id } = validate(z.object({ id: bytes32 }), req.params);
    const row = (await visibleWrites(db, req, id))[0];
    if (!row)
      throw new DomainError("chain_write_not_found", `No chain write ${id} that this key may see.`, [
        { field: "id", value: id },
      ]);
    res.json(chainWriteView(row));
  });

  router.post("/chain-writes/:id/resolve", authenticate(db), requireRole("secretariat"), async (req, res) => {
    const { id } = validate(z.object({ id: bytes32 }), req.params);
    const { note } = validate(Resolve, req.body);
    const { status, body } = await idempotent(db, req, async (tx) => {
      const [row] = await tx.query<ChainWriteRow>("chainWrites.one", "SELECT * FROM chain_writes WHERE id = $1", [id]);
      if (!row) throw new DomainError("chain_write_not_found", `No chain write ${id}.`, [{ field: "id", value: id }]);
      if (row.status !== "needs_person")
        throw new DomainError(
          "chain_write_not_stuck",
          `Write ${id} is ${row.status}: only a write that needs a person can be resolved.`,
          [{ field: "id", value: id }],
        );
      const reason = `${row.reason}; resolved by the secretariat: ${note}`;
      await tx.query(
        "chainWrites.resolve",
        "UPDATE chain_writes SET status = 'resolved', reason = $1, updated_at = $2 WHERE id = $3",
        [reason, new Date().toISOString(), id],
      );
      return { status: 200, body: chainWriteView({ ...row, status: "resolved", reason }) };
    });
    res.status(status).json(body);
  });
  return router;
}

/** A school's keys see the writes of any of its school's keys; the secretariat and auditors see every write. */
function visibleWrites(db: Database, req: Request, id?: string): Promise<ChainWriteRow[]> {
  const key = req.apiKey!;
  const all = key.role === "secretariat" || key.role === "auditor";
  const where = [
    ...(all
      ? []
      : [
          key.role === "member"
            ? "w.api_key_id IN (SELECT id FROM api_keys WHERE member_id = $1)"
            : "w.api_key_id = $1",
        ]),
    ...(id ? [`w.id = $${all ? 1 : 2}`] : []),
  ];
  const params = [...(all ? [] : [key.role === "member" ? key.memberId : key.id]), ...(id ? [id] : [])];
  return db.query<ChainWriteRow>(
    "chainWrites.visible",
    `SELECT w.* FROM chain_writes w${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY w.created_at, w.step`,
    params,
  );
}
