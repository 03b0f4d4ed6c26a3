import { Router } from "express";
import {
  auditLedger,
  BaseError,
  parseAuditScopeParts,
  serializeAuditExport,
  type AllianceClient,
  type AuditScope,
} from "@alliance-ledger/sdk";
import type { Provider } from "ethers";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import { buildAuditExport } from "../books/auditExport.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { jsonSafe } from "../jsonSafe.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { json, AuditReport } from "../responseSchemas.js";

const idList = z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'expected ids and ascending ranges, e.g. "1,2,5-7"');
/** The auditor's scope; a dimension left out covers everything on chain. */
const ReportQuery = z.object({
  issuers: idList.optional().describe("issuers whose anchored batches are accounted for record by record"),
  members: idList.optional().describe("members whose cost entries must all be in the books"),
  periods: idList.optional().describe("periods whose entries, closing reports and settlements are audited"),
});

openApiRegistry.registerPath({
  method: "get",
  path: "/audit/export",
  summary:
    "Auditor: this gateway's records (attestation commitments with each batch's leaf list, cost entries, closing reports byte for byte), for `alliance audit --export` to check against the chain",
  ...secured,
  responses: {
    200: {
      description: "the audit export file (amounts as decimal strings; no student data)",
      content: {
        "application/json": {
          schema: z.object({
            attestations: z.array(z.unknown()),
            batches: z.array(z.unknown()),
            costEntries: z.array(z.unknown()),
            reports: z.array(z.unknown()),
          }),
        },
      },
    },
    403: { description: "needs an auditor or secretariat key" },
  },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/audit/report",
  summary:
    "Auditor: the gateway runs the full audit of its books against the chain it reads, over everything on chain unless the query narrows it (for a check you recompute yourself, use the CLI)",
  ...secured,
  request: { query: ReportQuery },
  responses: {
    200: {
      description: "the audit report: `passed`, the `scope` it covered, and every discrepancy naming its record",
      content: json(AuditReport),
    },
    400: { description: "a scope that is not a list of ids" },
  },
});

/** The scope from validated query parameters; a range that runs backwards ("5-2") is refused here. */
function auditScopeOf(query: z.infer<typeof ReportQuery>): AuditScope {
  try {
    return parseAuditScopeParts(query);
  } catch (error) {
    if (error instanceof BaseError) throw new DomainError("invalid_audit_scope", error.shortMessage, error.details);
    throw error;
  }
}

/** The auditor's export and a server-side audit run. */
export function auditRoutes(db: Database, provider: Provider, reader: AllianceClient): Router {
  const router = Router();
  router.get("/audit/export", authenticate(db), requireRole("auditor", "secretariat"), async (_req, res) => {
    res.type("application/json").setHeader("content-disposition", 'attachment; filename="audit-export.json"');
    res.send(serializeAuditExport(await buildAuditExport(db)));
  });
  router.get("/audit/report", authenticate(db), requireRole("auditor", "secretariat"), async (req, res) => {
    const scope = auditScopeOf(validate(ReportQuery, req.query));
    res.json(
      jsonSafe(await auditLedger({ provider, addresses: reader.addresses, export: await buildAuditExport(db), scope })),
    );
  });
  return router;
}
