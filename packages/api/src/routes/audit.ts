import { Router } from "express";
import { auditLedger, serializeAuditExport, type AllianceClient } from "@alliance-ledger/sdk";
import type { Provider } from "ethers";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import { buildAuditExport } from "../books/auditExport.js";
import type { Database } from "../db/database.js";
import { jsonSafe } from "../jsonSafe.js";
import { openApiRegistry, secured } from "../openapi.js";

openApiRegistry.registerPath({
  method: "get",
  path: "/audit/export",
  summary: "Auditor: this gateway's records (attestation commitments, cost entries, closed periods' totals) with their scope, for `alliance audit --export` to check against the chain",
  ...secured,
  responses: { 200: { description: "the audit export file (amounts as decimal strings; no student data)", content: { "application/json": { schema: z.object({ attestations: z.array(z.unknown()), costEntries: z.array(z.unknown()), periodTotals: z.array(z.unknown()), scope: z.unknown() }) } } }, 403: { description: "needs an auditor or secretariat key" } },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/audit/report",
  summary: "Auditor: the gateway runs the full audit of its export against the chain it reads (for a check you recompute yourself, use the CLI)",
  ...secured,
  responses: { 200: { description: "the audit report: `passed` and every discrepancy naming its record" } },
});

/** The auditor's export and a server-side audit run. */
export function auditRoutes(db: Database, provider: Provider, reader: AllianceClient): Router {
  const router = Router();
  router.get("/audit/export", authenticate(db), requireRole("auditor", "secretariat"), async (_req, res) => {
    res.type("application/json").setHeader("content-disposition", 'attachment; filename="audit-export.json"');
    res.send(serializeAuditExport(await buildAuditExport(db)));
  });
  router.get("/audit/report", authenticate(db), requireRole("auditor", "secretariat"), async (_req, res) => {
    res.json(jsonSafe(await auditLedger({ provider, addresses: reader.addresses, export: await buildAuditExport(db) })));
  });
  return router;
}
