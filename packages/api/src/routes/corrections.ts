import { Router, type Request } from "express";
import { revokeAttestation, supersedeAttestation, type AllianceClient } from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireMember, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { custodialSigner } from "../custody/custodialSigner.js";
import { DomainError } from "../errors.js";
import { idempotentChainWrite } from "../idempotency.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import type { BatchLoader } from "../outbox/loadBatch.js";
import type { OutboxRow } from "../outbox/outboxRecords.js";
import { json, Superseded, Written } from "../responseSchemas.js";

const reasonCode = z
  .number()
  .int()
  .min(1)
  .max(65_535)
  .openapi({ description: "non-zero code from the alliance's reason list" });
const Revoke = openApiRegistry.register("RevokeAttestation", z.object({ reasonCode }).strict());
const Supersede = openApiRegistry.register(
  "SupersedeAttestation",
  z
    .object({
      replacementId: z
        .string()
        .min(1)
        .max(100)
        .openapi({ description: "id of the corrected record, submitted and anchored first" }),
      reasonCode,
    })
    .strict(),
);
const params = { params: z.object({ id: z.string() }) };
openApiRegistry.registerPath({
  method: "post",
  path: "/attestations/{id}/revoke",
  summary: "The issuer revokes an anchored attestation with a reason code",
  ...secured,
  request: { ...params, body: { content: { "application/json": { schema: Revoke } } } },
  responses: { 200: { description: "revoked", content: json(Written) } },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/attestations/{id}/supersede",
  summary: "Correction: the issuer revokes an attestation and links the anchored record that replaces it",
  ...secured,
  request: { ...params, body: { content: { "application/json": { schema: Supersede } } } },
  responses: {
    200: {
      description: "superseded; verifiers of the old record are pointed to the new one",
      content: json(Superseded),
    },
  },
});

/** Revocation and correction of anchored attestations, by their issuer only. */
export function correctionRoutes(db: Database, signers: Map<number, AllianceClient>, loadBatch: BatchLoader): Router {
  const router = Router();

  router.post("/attestations/:id/revoke", authenticate(db), requireRole("member"), async (req, res) => {
    const { reasonCode } = validate(Revoke, req.body);
    const target = await anchoredRecord(db, loadBatch, req, String(req.params.id), "id");
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 200,
      body: await revokeAttestation(custodialSigner(signers, target.issuerId), { record: target.position, reasonCode }),
    }));
    res.status(status).json(body);
  });

  router.post("/attestations/:id/supersede", authenticate(db), requireRole("member"), async (req, res) => {
    const { replacementId, reasonCode } = validate(Supersede, req.body);
    const target = await anchoredRecord(db, loadBatch, req, String(req.params.id), "id");
    const replacement = await anchoredRecord(db, loadBatch, req, replacementId, "replacementId");
    if (replacement.leaf === target.leaf)
      throw new DomainError("invalid_replacement", "A record cannot replace itself.", [{ field: "replacementId" }]);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 200,
      body: {
        ...(await supersedeAttestation(custodialSigner(signers, target.issuerId), {
          record: target.position,
          reasonCode,
          replacement: replacement.position,
        })),
        replacementLeaf: replacement.leaf,
      },
    }));
    res.status(status).json(body);
  });
  return router;
}

/** An anchored outbox record the caller may act for, with its Merkle position. */
async function anchoredRecord(db: Database, loadBatch: BatchLoader, req: Request, recordId: string, field: string) {
  const [row] = await db.query<OutboxRow>("correction.row", "SELECT * FROM outbox_attestations WHERE id = $1", [
    recordId,
  ]);
  if (!row)
    throw new DomainError("attestation_not_found", `No attestation has id ${recordId}.`, [{ field, value: recordId }]);
  const issuerId = Number(row.issuer_id);
  requireMember(req, issuerId);
  if (row.status !== "anchored")
    throw new DomainError(
      "not_anchored_yet",
      `Attestation ${recordId} is not anchored yet; retry once its batch is on chain.`,
      [{ field, value: recordId }],
    );
  const { tree, sealed } = await loadBatch(db, row.batch_root!);
  const index = Number(row.batch_index);
  return {
    issuerId,
    leaf: row.leaf,
    position: { root: tree.root, attestation: sealed[index].attestation, proof: tree.getProof(index) },
  };
}
