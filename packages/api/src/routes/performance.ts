import { Router } from "express";
import { memberPerformance, readLedgerEvents, type AllianceClient } from "@alliance-ledger/sdk";
import type { Provider } from "ethers";
import { z } from "zod";
import { authenticate } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { jsonSafe } from "../jsonSafe.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { sealedFromRow, type OutboxRow } from "../outbox/outboxRecords.js";
import { hundredthsToCredits } from "../validators.js";
import { json, Performance } from "../responseSchemas.js";

openApiRegistry.registerPath({
  method: "get",
  path: "/performance",
  summary: "Member performance for a period: offering, hosting, recognition, contributions, contribution index",
  ...secured,
  request: { query: z.object({ periodId: z.string(), threshold: z.string().optional() }) },
  responses: {
    200: {
      description: "one row per member; `creditsAttested` and `creditsRecognised` as on a transcript (2.5)",
      content: json(Performance),
    },
  },
});

/** The member performance report the council's evaluation reads (events from the chain, records from the outbox). */
export function performanceRoutes(db: Database, provider: Provider, reader: AllianceClient): Router {
  const router = Router();
  router.get("/performance", authenticate(db), async (req, res) => {
    const q = validate(
      z.object({
        periodId: z.coerce.number().int().positive(),
        threshold: z.coerce.number().min(0).max(2).default(0.5),
      }),
      req.query,
    );
    const { events } = await readLedgerEvents({ provider, addresses: reader.addresses });
    const attestations = (
      await db.query<OutboxRow>(
        "performance.attestations",
        "SELECT * FROM outbox_attestations WHERE status = 'anchored'",
      )
    ).map((r) => sealedFromRow(r).attestation);
    const members = memberPerformance({ events, periodId: q.periodId, attestations, threshold: q.threshold }).map(
      (m) => ({
        ...m,
        creditsAttested: hundredthsToCredits(m.creditsAttested),
        creditsRecognised: hundredthsToCredits(m.creditsRecognised),
      }),
    );
    res.json({ periodId: q.periodId, threshold: q.threshold, members: jsonSafe(members) });
  });
  return router;
}
