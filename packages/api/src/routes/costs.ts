import { Router } from "express";
import {
  claimEntry,
  confirmEntry,
  previewReconciliation,
  rejectEntry,
  type AllianceClient,
  type EntryClaim,
} from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { idempotentChainWrite } from "../idempotency.js";
import { custodialSigner, SECRETARIAT_SIGNER } from "../custody/custodialSigner.js";
import { jsonSafe } from "../jsonSafe.js";
import { listCostEntries } from "../readModel/queries/listCostEntries.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { bytes32, minorUnits, page } from "../validators.js";
import { json, EntryWritten, Reconciliation } from "../responseSchemas.js";

const ClaimBody = openApiRegistry.register(
  "CostEntryClaim",
  z.discriminatedUnion("kind", [
    z
      .object({
        kind: z.literal("cash"),
        reference: z.string().min(1).max(100),
        periodId: z.number().int().positive(),
        amount: minorUnits,
        evidenceHash: bytes32,
      })
      .strict(),
    z
      .object({
        kind: z.literal("expense"),
        reference: z.string().min(1).max(100),
        periodId: z.number().int().positive(),
        amount: minorUnits,
        evidenceHash: bytes32,
      })
      .strict(),
    z
      .object({
        kind: z.literal("inKind"),
        reference: z.string().min(1).max(100),
        periodId: z.number().int().positive(),
        category: z.string().min(1).max(64),
        quantity: minorUnits,
        unitValue: minorUnits,
        evidenceHash: bytes32,
      })
      .strict(),
    z
      .object({
        kind: z.literal("reversal"),
        reference: z.string().min(1).max(100),
        periodId: z.number().int().positive(),
        reverses: bytes32,
        amount: minorUnits,
        evidenceHash: bytes32,
      })
      .strict(),
  ]),
);
const Reject = z.object({ reasonCode: z.number().int().min(1).max(65_535) }).strict();
const STATUSES = ["claimed", "confirmed", "rejected"] as const;
const KINDS = ["cash", "inKind", "expense", "reversal"] as const;
const EntryQuery = z.object({
  periodId: z.coerce.number().int().positive().optional(),
  memberId: z.coerce.number().int().positive().optional(),
  status: z.enum(STATUSES).optional(),
  ...page,
});
const CostEntry = openApiRegistry.register(
  "CostEntry",
  z.object({
    entryId: z.string(),
    periodId: z.number(),
    memberId: z.number(),
    kind: z.enum(KINDS),
    amount: z.string(),
    status: z.enum(STATUSES),
    reasonCode: z.number().optional(),
    evidenceHash: z.string(),
    reverses: z.string().optional(),
    claimedAtBlock: z.number(),
    reference: z.string().optional(),
  }),
);

openApiRegistry.registerPath({
  method: "get",
  path: "/cost-entries",
  summary:
    "Cost entries on chain (from the index), filterable by period, member and status: the secretariat's queue of claims to confirm",
  ...secured,
  request: { query: EntryQuery },
  responses: {
    200: {
      description:
        "a page of entries, oldest first; `reference` (the member's voucher number) where this gateway submitted the claim, shown only to that member's keys, the secretariat and auditors",
      content: { "application/json": { schema: z.object({ items: z.array(CostEntry), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/cost-entries",
  summary: "A member claims a contribution, expense or reversal (counts once the secretariat confirms)",
  ...secured,
  request: {
    headers: z.object({ "idempotency-key": z.string() }),
    body: { content: { "application/json": { schema: ClaimBody } } },
  },
  responses: {
    201: { description: "claimed on chain", content: json(EntryWritten) },
    400: { description: "invalid" },
    409: { description: "refused by the contract" },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/cost-entries/{entryId}/confirm",
  summary: "The secretariat confirms a claimed entry",
  ...secured,
  request: { params: z.object({ entryId: bytes32 }) },
  responses: {
    200: { description: "confirmed", content: json(EntryWritten) },
    409: { description: "refused by the contract" },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/cost-entries/{entryId}/reject",
  summary: "The secretariat rejects a claimed entry with a reason code",
  ...secured,
  request: { params: z.object({ entryId: bytes32 }), body: { content: { "application/json": { schema: Reject } } } },
  responses: { 200: { description: "rejected", content: json(EntryWritten) } },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/periods/{periodId}/reconciliation",
  summary: "Each member's totals, allocated cost and net, and the settlement plan, from the chain",
  ...secured,
  request: { params: z.object({ periodId: z.string() }) },
  responses: {
    200: { description: "reconciliation (amounts as decimal strings of minor units)", content: json(Reconciliation) },
  },
});

/**
 * Cost entries: members claim, the secretariat confirms or rejects (custodial keys; the secretariat's
 * is kept under member id 0), and anyone with a key reads a period's reconciliation.
 */
export function costRoutes(db: Database, reader: AllianceClient, signers: Map<number, AllianceClient>): Router {
  const router = Router();

  router.get("/cost-entries", authenticate(db), async (req, res) => {
    const key = req.apiKey!;
    // A reference is the member's own voucher number: only its member, the secretariat and the auditor see it.
    const mayRead = (memberId: number) =>
      key.role === "secretariat" || key.role === "auditor" || (key.role === "member" && key.memberId === memberId);
    res.json(await listCostEntries(db, validate(EntryQuery, req.query), mayRead));
  });

  router.post("/cost-entries", authenticate(db), requireRole("member"), async (req, res) => {
    const body = validate(ClaimBody, req.body);
    const signer = custodialSigner(signers, req.apiKey!.memberId!);
    const entry: EntryClaim =
      body.kind === "inKind"
        ? { kind: "inKind", category: body.category, quantity: body.quantity, unitValue: body.unitValue }
        : body.kind === "reversal"
          ? { kind: "reversal", reverses: body.reverses, amount: body.amount }
          : { kind: body.kind, amount: body.amount };
    const amount = entry.kind === "inKind" ? entry.quantity * entry.unitValue : entry.amount;
    const { status, body: response } = await idempotentChainWrite(
      db,
      req,
      async () => {
        const claimed = await claimEntry(signer, {
          memberId: req.apiKey!.memberId!,
          reference: body.reference,
          periodId: body.periodId,
          entry,
          evidenceHash: body.evidenceHash,
        });
        return { status: claimed.alreadyRecorded ? 200 : 201, body: claimed };
      },
      // A claim already on chain (its first answer lost in a crash) is booked now if it was not then.
      async (tx, r) =>
        void (await tx.query(
          "costs.book",
          "INSERT INTO cost_entries (entry_id, reference, period_id, member_id, kind, amount, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'claimed', $7) ON CONFLICT (entry_id) DO NOTHING",
          [
            (r.body as { entryId: string }).entryId,
            body.reference,
            body.periodId,
            req.apiKey!.memberId!,
            body.kind,
            amount.toString(),
            new Date().toISOString(),
          ],
        )),
    );
    res.status(status).json(response);
  });

  for (const action of ["confirm", "reject"] as const) {
    router.post(`/cost-entries/:entryId/${action}`, authenticate(db), requireRole("secretariat"), async (req, res) => {
      const { entryId } = validate(z.object({ entryId: bytes32 }), req.params);
      const reason = action === "reject" ? validate(Reject, req.body).reasonCode : 0;
      const signer = custodialSigner(signers, SECRETARIAT_SIGNER);
      const { status, body } = await idempotentChainWrite(
        db,
        req,
        async () => {
          const done =
            action === "confirm"
              ? await confirmEntry(signer, { entryId })
              : await rejectEntry(signer, { entryId, reasonCode: reason });
          return { status: 200, body: { entryId, ...done } };
        },
        async (tx) =>
          void (await tx.query(
            "costs.status",
            "UPDATE cost_entries SET status = $1, updated_at = $2 WHERE entry_id = $3",
            [action === "confirm" ? "confirmed" : "rejected", new Date().toISOString(), entryId],
          )),
      );
      res.status(status).json(body);
    });
  }

  router.get("/periods/:periodId/reconciliation", authenticate(db), async (req, res) => {
    const { periodId } = validate(z.object({ periodId: z.coerce.number().int().positive() }), req.params);
    res.json(jsonSafe(await previewReconciliation(reader, { periodId })));
  });
  return router;
}
