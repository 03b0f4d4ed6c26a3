import { serializeAuditExport } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { buildAuditExport } from "../../books/auditExport.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { AuditReport, json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { AuditExportFile, ReportQuery } from "./schemas.js";
import { auditReport } from "./service.js";

/** The auditor's export and a server-side audit run. */
export function auditRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/audit/export",
    summary:
      "Auditor: this gateway's records (attestation commitments with each batch's leaf list, cost entries, closing reports byte for byte), for `alliance audit --export` to check against the chain",
    roles: ["auditor", "secretariat"],
    responses: {
      200: {
        description: "the audit export file (amounts as decimal strings; no student data)",
        content: json(AuditExportFile),
      },
      403: { description: "needs an auditor or secretariat key" },
    },
    // A download, serialised by the SDK (amounts as decimal strings), not re-encoded as JSON here.
    handler: async ({ res }) => {
      res.type("application/json").setHeader("content-disposition", 'attachment; filename="audit-export.json"');
      res.send(serializeAuditExport(await buildAuditExport(deps.db)));
      return undefined;
    },
  });

  defineRoute({
    method: "get",
    path: "/audit/report",
    summary:
      "Auditor: the gateway runs the full audit of its books against the chain it reads, over everything on chain unless the query narrows it (for a check you recompute yourself, use the CLI)",
    roles: ["auditor", "secretariat"],
    query: ReportQuery,
    responses: {
      200: {
        description: "the audit report: `passed`, the `scope` it covered, and every discrepancy naming its record",
        content: json(AuditReport),
      },
      400: { description: "a scope that is not a list of ids" },
    },
    handler: async ({ query }) => ok(await auditReport(deps, query)),
  });
  return router;
}
