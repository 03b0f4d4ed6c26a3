import { Router } from "express";
import {
  recognizeBatches,
  type AllianceClient,
  type BatchRecognitionItems,
  type RecognitionDecision,
} from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { idempotentChainWrite } from "../idempotency.js";
import { custodialSigner } from "../custody/custodialSigner.js";
import { listRecognitionInbox } from "../readModel/queries/listRecognitionInbox.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { decimalCredits, page } from "../validators.js";
import type { BatchLoader, LoadedBatch } from "../outbox/loadBatch.js";
import type { OutboxRow } from "../outbox/outboxRecords.js";
import { json, Decided } from "../responseSchemas.js";

const Decision = z.discriminatedUnion("decision", [
  z.object({ attestationId: z.string(), decision: z.literal("accept") }).strict(),
  z
    .object({
      attestationId: z.string(),
      decision: z.literal("convert"),
      recognisedCredits: decimalCredits(),
      localCourse: z.string().min(1).max(31),
      conversionRule: z.string().min(1).max(31),
    })
    .strict(),
  z
    .object({
      attestationId: z.string(),
      decision: z.literal("reject"),
      reasonCode: z.number().int().min(1).max(65_535),
    })
    .strict(),
]);
const Decide = openApiRegistry.register(
  "RecognitionDecisions",
  z.object({ decisions: z.array(Decision).min(1).max(200) }).strict(),
);
const InboxQuery = z.object({
  issuerId: z.coerce.number().int().positive().optional(),
  courseId: z.coerce.number().int().positive().optional(),
  term: z.coerce.number().int().positive().optional(),
  ...page,
});
const InboxItem = z.object({
  id: z.string(),
  issuerId: z.number(),
  courseId: z.number(),
  courseVersion: z.number(),
  term: z.number(),
  credits: z.number().openapi({ description: "credits as on a transcript", example: 2.5 }),
  studentRef: z.string(),
  completionDate: z.string(),
});

openApiRegistry.registerPath({
  method: "get",
  path: "/recognitions/inbox",
  summary:
    "Anchored attestations of the caller's students that it has not decided yet, filterable by issuer, course and term, paginated",
  ...secured,
  request: { query: InboxQuery },
  responses: {
    200: {
      description: "undecided attestations",
      content: { "application/json": { schema: z.object({ items: z.array(InboxItem), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/recognitions",
  summary: "Decide on attestations of the caller's students (accept, convert, reject), in one transaction",
  ...secured,
  request: {
    headers: z.object({ "idempotency-key": z.string() }),
    body: { content: { "application/json": { schema: Decide } } },
  },
  responses: {
    200: { description: "recorded on chain", content: json(Decided) },
    400: { description: "invalid" },
    409: { description: "refused by the contract (named error code), or no custodial key" },
  },
});

/** The home school's inbox of incoming attestations, and its decisions (signed with its custodial key). */
export function recognitionRoutes(db: Database, signers: Map<number, AllianceClient>, loadBatch: BatchLoader): Router {
  const router = Router();

  router.get("/recognitions/inbox", authenticate(db), requireRole("member"), async (req, res) => {
    res.json(await listRecognitionInbox(db, req.apiKey!.memberId!, validate(InboxQuery, req.query)));
  });

  router.post("/recognitions", authenticate(db), requireRole("member"), async (req, res) => {
    const { decisions } = validate(Decide, req.body);
    const homeId = req.apiKey!.memberId!;
    const signer = custodialSigner(signers, homeId);
    const { status, body } = await idempotentChainWrite(db, req, async () => {
      // Decisions grouped by batch: each batch's tree is rebuilt once, and its records go on chain under
      // one multiproof (far less gas than a proof per record).
      const batches = new Map<string, { tree: Promise<LoadedBatch>; items: BatchRecognitionItems["items"] }>();
      const seen = new Set<string>();
      for (const [i, d] of decisions.entries()) {
        const [row] = await db.query<OutboxRow>("recognitions.row", "SELECT * FROM outbox_attestations WHERE id = $1", [
          d.attestationId,
        ]);
        if (!row || Number(row.home_id) !== homeId)
          throw new DomainError("attestation_not_found", `No attestation ${d.attestationId} for your students.`, [
            { field: `decisions.${i}.attestationId` },
          ]);
        if (row.status !== "anchored")
          throw new DomainError("not_anchored_yet", `Attestation ${d.attestationId} is not anchored yet.`, [
            { field: `decisions.${i}.attestationId` },
          ]);
        const root = row.batch_root!;
        if (!batches.has(root)) batches.set(root, { tree: loadBatch(db, root), items: [] });
        const group = batches.get(root)!;
        const index = Number(row.batch_index);
        if (seen.has(row.id))
          throw new DomainError(
            "duplicate_decision",
            `Attestation ${d.attestationId} is decided twice in this request.`,
            [{ field: `decisions.${i}.attestationId` }],
          );
        const decide: RecognitionDecision =
          d.decision === "accept"
            ? { decision: "accept" }
            : d.decision === "reject"
              ? { decision: "reject", reasonCode: d.reasonCode }
              : {
                  decision: "convert",
                  recognisedCredits: d.recognisedCredits,
                  localCourse: d.localCourse,
                  conversionRule: d.conversionRule,
                };
        seen.add(row.id);
        group.items.push({ index, decide });
      }
      const grouped = await Promise.all(
        [...batches.values()].map(async (g) => ({ tree: (await g.tree).tree, items: g.items })),
      );
      const { transactionHash, blockNumber } = await recognizeBatches(signer, { batches: grouped });
      return { status: 200, body: { decided: decisions.length, transactionHash, blockNumber } };
    });
    res.status(status).json(body);
  });

  return router;
}
