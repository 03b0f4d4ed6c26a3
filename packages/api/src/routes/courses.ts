import { Router } from "express";
import { memberPerformance, publishCourse, readLedgerEvents, revokeAttestation, type AllianceClient } from "@alliance-ledger/sdk";
import type { Provider } from "ethers";
import { z } from "zod";
import { authenticate, requireMember, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { ApiError } from "../errors.js";
import { idempotent } from "../idempotency.js";
import { custodialSigner } from "../custody/custodialSigner.js";
import { jsonSafe } from "../jsonSafe.js";
import { openApiRegistry, validate } from "../openapi.js";
import { minorUnits } from "../validators.js";
import { loadBatch } from "../outbox/loadBatch.js";
import { sealedFromRow, type OutboxRow } from "../outbox/outboxRecords.js";

const PublishCourse = openApiRegistry.register(
  "PublishCourse",
  z
    .object({
      code: z.string().min(1).max(31),
      metadata: z.string().min(1).max(10_000).openapi({ description: "title and syllabus; hashed on chain" }),
      credits: z.number().int().min(1).max(100_000).openapi({ description: "hundredths of a credit" }),
      contactHours: z.number().int().min(1).max(100_000),
      feePerCredit: minorUnits,
      term: z.number().int().min(1),
      seats: z.number().int().min(1).max(1_000_000),
    })
    .strict(),
);
const Revoke = z.object({ reasonCode: z.number().int().min(1).max(65_535) }).strict();

openApiRegistry.registerPath({ method: "post", path: "/courses", summary: "A host member publishes a shared course", security: [{ apiKey: [] }], request: { body: { content: { "application/json": { schema: PublishCourse } } } }, responses: { 201: { description: "published" } } });
openApiRegistry.registerPath({ method: "post", path: "/attestations/{id}/revoke", summary: "The issuer revokes an anchored attestation with a reason code", security: [{ apiKey: [] }], request: { params: z.object({ id: z.string() }), body: { content: { "application/json": { schema: Revoke } } } }, responses: { 200: { description: "revoked" } } });
openApiRegistry.registerPath({ method: "get", path: "/performance", summary: "Member performance for a period: offering, hosting, recognition, contributions, contribution index", security: [{ apiKey: [] }], request: { query: z.object({ periodId: z.string(), threshold: z.string().optional() }) }, responses: { 200: { description: "one row per member" } } });

/** Courses, revocation and the member performance report. */
export function courseRoutes(db: Database, provider: Provider, reader: AllianceClient, signers: Map<number, AllianceClient>): Router {
  const router = Router();

  router.post("/courses", authenticate(db), requireRole("member"), async (req, res) => {
    const { code, ...terms } = validate(PublishCourse, req.body);
    const { status, body } = await idempotent(db, req, async () => ({ status: 201, body: await publishCourse(custodialSigner(signers, req.apiKey!.memberId!), { code, terms }) }));
    res.status(status).json(body);
  });

  router.post("/attestations/:id/revoke", authenticate(db), requireRole("member"), async (req, res) => {
    const { reasonCode } = validate(Revoke, req.body);
    const [row] = await db.query<OutboxRow>("revoke.row", "SELECT * FROM outbox_attestations WHERE id = $1", [String(req.params.id)]);
    if (!row) throw new ApiError(404, "attestation_not_found", `No attestation has id ${req.params.id}.`);
    requireMember(req, Number(row.issuer_id));
    if (row.status !== "anchored") throw new ApiError(409, "not_anchored_yet", "Only an anchored attestation can be revoked.");
    const { tree } = await loadBatch(db, row.batch_root!);
    const { status, body } = await idempotent(db, req, async () => ({
      status: 200,
      body: await revokeAttestation(custodialSigner(signers, Number(row.issuer_id)), { root: tree.root, leaf: row.leaf, proof: tree.getProof(Number(row.batch_index)), reasonCode }),
    }));
    res.status(status).json(body);
  });

  router.get("/performance", authenticate(db), async (req, res) => {
    const q = validate(z.object({ periodId: z.coerce.number().int().positive(), threshold: z.coerce.number().min(0).max(2).default(0.5) }), req.query);
    const { events } = await readLedgerEvents({ provider, addresses: reader.addresses });
    const attestations = (await db.query<OutboxRow>("performance.attestations", "SELECT * FROM outbox_attestations WHERE status = 'anchored'")).map((r) => sealedFromRow(r).attestation);
    res.json({ periodId: q.periodId, threshold: q.threshold, members: jsonSafe(memberPerformance({ events, periodId: q.periodId, attestations, threshold: q.threshold })) });
  });
  return router;
}
