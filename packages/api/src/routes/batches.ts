import { Router } from "express";
import type { Provider } from "ethers";
import { issueCredentialFiles, type AllianceClient } from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireMember, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { listBatches } from "../readModel/queries/listBatches.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import type { BatchLoader } from "../outbox/loadBatch.js";
import { bytes32 } from "../validators.js";
import { json, BatchCredentials } from "../responseSchemas.js";

const Query = z.object({
  issuerId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const Batch = openApiRegistry.register(
  "Batch",
  z.object({
    root: z.string(),
    issuerId: z.number(),
    count: z.number(),
    blockNumber: z.number(),
    anchoredBy: z.string(),
  }),
);
openApiRegistry.registerPath({
  method: "get",
  path: "/batches",
  summary: "Anchored batches, from the index of chain events, newest first",
  ...secured,
  request: { query: Query },
  responses: {
    200: {
      description: "a page of batches",
      content: { "application/json": { schema: z.object({ items: z.array(Batch), total: z.number() }) } },
    },
  },
});

openApiRegistry.registerPath({
  method: "get",
  path: "/batches/{root}/credentials",
  summary: "The issuer downloads every student's credential file of one anchored batch (to hand them out)",
  ...secured,
  request: { params: z.object({ root: bytes32 }) },
  responses: {
    200: { description: "`items`: one credential file per record, in batch order", content: json(BatchCredentials) },
    403: { description: "not the issuing member's key (the secretariat included)" },
    404: { description: "this gateway holds no such batch" },
    409: { description: "not anchored yet" },
  },
});

/** Batches: query endpoints over the index (chain events stored by the indexer), and a batch's credential files. */
export function batchRoutes(db: Database, provider: Provider, reader: AllianceClient, loadBatch: BatchLoader): Router {
  const router = Router();

  // The issuer only: the files carry every student's reference, grade and salts, which the secretariat's work never needs.
  router.get("/batches/:root/credentials", authenticate(db), requireRole("member"), async (req, res) => {
    const { root } = validate(z.object({ root: bytes32 }), req.params);
    const [batch] = await db.query<{ issuer_id: number; status: string }>(
      "batches.get",
      "SELECT issuer_id, status FROM outbox_batches WHERE root = $1",
      [root],
    );
    if (!batch)
      throw new DomainError("batch_not_found", `This gateway holds no batch ${root}.`, [
        { field: "root", value: root },
      ]);
    requireMember(req, Number(batch.issuer_id));
    if (batch.status !== "anchored")
      throw new DomainError("not_anchored_yet", "This batch is not anchored yet; retry shortly.", [
        { status: batch.status },
      ]);
    const { sealed, tree } = await loadBatch(db, root);
    const { chainId } = await provider.getNetwork();
    res.json({
      batchRoot: root,
      issuerId: Number(batch.issuer_id),
      items: issueCredentialFiles({
        tree,
        sealed,
        chainId: Number(chainId),
        creditLedger: reader.addresses.creditLedger,
      }),
    });
  });

  router.get("/batches", authenticate(db), async (req, res) => {
    res.json(await listBatches(db, validate(Query, req.query)));
  });
  return router;
}
