import { z } from "zod";
import { BaseError } from "../errors/BaseError.js";
import type { AuditExport } from "./auditLedger.js";

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x and 64 hex digits");
const amount = z
  .union([z.string().regex(/^-?\d+$/, "expected an integer in minor units"), z.number().int()])
  .transform((v) => BigInt(v));
const uint = z.number().int().nonnegative();

const AuditExportSchema = z.object({
  attestations: z.array(
    z.object({
      recordId: z.string().min(1),
      batchRoot: bytes32,
      proof: z.array(bytes32).optional(),
      attestation: z.object({
        issuerId: uint,
        homeId: uint,
        courseId: uint,
        courseVersion: uint,
        term: uint,
        index: uint,
        learnerCommitment: bytes32,
        credits: uint,
        gradeCommitment: bytes32,
        completionCommitment: bytes32,
      }),
    }),
  ),
  batches: z.array(z.object({ issuerId: uint, root: bytes32, leaves: z.array(bytes32) })).optional(),
  costEntries: z.array(
    z.object({
      recordId: z.string().min(1),
      entryId: bytes32,
      periodId: uint,
      memberId: uint,
      kind: z.enum(["cash", "inKind", "expense", "reversal", "income"]),
      amount,
      status: z.enum(["claimed", "confirmed", "rejected"]),
    }),
  ),
  reports: z.array(z.object({ periodId: uint, report: z.string() })).optional(),
  periodTotals: z
    .array(
      z.object({
        periodId: uint,
        memberId: uint,
        contributed: amount,
        expensesPaid: amount,
        feesReceivable: amount,
        feesPayable: amount,
        // Absent in exports made before alliance income existed: none.
        incomeReceived: amount.optional(),
      }),
    )
    .optional(),
  // Kept when present, never obeyed: the auditor decides the scope (alliance audit --scope).
  scope: z.unknown().optional(),
});

/** The export as JSON, amounts as decimal strings so no minor unit is lost. */
export function serializeAuditExport(e: AuditExport): string {
  return `${JSON.stringify(e, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/** Parses an export file; every problem is reported with its JSON path. */
export function parseAuditExport(text: string): AuditExport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaseError("The audit export is not JSON.", {
      details: [(error as Error).message],
    });
  }
  const parsed = AuditExportSchema.safeParse(value);
  if (!parsed.success) {
    throw new BaseError("The audit export does not have the expected shape.", {
      details: parsed.error.issues.slice(0, 20).map((i) => `/${i.path.join("/")}: ${i.message}`),
    });
  }
  return parsed.data;
}
