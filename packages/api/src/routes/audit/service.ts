import { type AuditScope, auditLedger, BaseError, parseAuditScopeParts } from "@alliance-ledger/sdk";
import type { z } from "zod";
import { buildAuditExport } from "../../books/auditExport.js";
import { DomainError } from "../../errors.js";
import { jsonSafe } from "../../jsonSafe.js";
import type { ReadDependencies } from "../deps.js";
import { readFindings } from "../../federation/inboundFindings.js";
import type { ReportQuery } from "./schemas.js";

/** The full audit of this gateway's books against the chain it reads, over the scope the query names. */
export async function auditReport(deps: ReadDependencies, query: z.infer<typeof ReportQuery>) {
  const scope = auditScopeOf(query);
  const report = await auditLedger({
    provider: deps.provider,
    addresses: deps.reader.addresses,
    export: await buildAuditExport(deps.db),
    scope,
  });
  // Records other members' gateways owed this one's home schools and did not deliver intact: missing.
  const inbound = await deps.db.query<{ root: string; issuer_id: number; problems: string }>(
    "audit.inbound",
    "SELECT root, issuer_id, problems FROM inbound_batches WHERE status = 'mismatch' ORDER BY root",
  );
  for (const b of inbound) {
    if (scope.issuerIds && !scope.issuerIds.includes(Number(b.issuer_id))) continue;
    for (const { text: message } of readFindings(b.problems, b.root, Number(b.issuer_id)))
      report.discrepancies.push({ code: "INBOUND_RECORD_MISSING", recordType: "batch", recordId: b.root, message });
  }
  if (report.discrepancies.length) report.passed = false;
  return jsonSafe(report);
}

/** The scope from validated query parameters; a range that runs backwards ("5-2") is refused here. */
function auditScopeOf(query: z.infer<typeof ReportQuery>): AuditScope {
  try {
    return parseAuditScopeParts(query);
  } catch (error) {
    if (error instanceof BaseError) throw new DomainError("invalid_audit_scope", error.shortMessage, error.details);
    throw error;
  }
}
