import { z } from "zod";
import "../../http/zod.js";
import { bytes32 } from "../../validators.js";

export const BatchRoot = z.object({ root: bytes32 });
export const HomeRecords = z.object({
  root: bytes32,
  homeId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

/** One record of a batch as its leaf commits to it: commitments and ids only, never a student's data. */
const ManifestAttestation = z.object({
  issuerId: z.number(),
  homeId: z.number(),
  courseId: z.number(),
  courseVersion: z.number(),
  term: z.number(),
  index: z.number(),
  learnerCommitment: z.string(),
  credits: z.number(),
  gradeCommitment: z.string(),
  completionCommitment: z.string(),
});
export const BatchManifest = z
  .object({
    issuerId: z.number(),
    root: z.string(),
    count: z.number(),
    attestations: z.array(ManifestAttestation),
  })
  .openapi("BatchManifest");
export const SealedRecords = z
  .object({
    issuerId: z.number(),
    root: z.string(),
    homeId: z.number(),
    jwe: z.string().openapi({ description: "the home school's credential files, a compact JWE to its X25519 key" }),
  })
  .openapi("SealedRecords");

export const InboundQuery = z.object({
  status: z.enum(["pending", "delivered", "mismatch"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const InboundBatch = z.object({
  root: z.string(),
  issuerId: z.number(),
  count: z.number(),
  status: z.enum(["pending", "delivered", "mismatch"]),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  problems: z.array(z.string()).openapi({ description: "each finding as an English sentence (the audit's words)" }),
  findings: z
    .array(
      z.object({
        kind: z.enum([
          "manifestMismatch",
          "unopenable",
          "notACredential",
          "hiddenStudent",
          "mistagged",
          "refused",
          "withheld",
          "other",
        ]),
        index: z.number().optional().openapi({ description: "the record's position in the batch" }),
        homeId: z.number().optional(),
        records: z.number().nullable().optional().openapi({ description: "manifestMismatch: how many it listed" }),
        reasons: z.string().optional().openapi({ description: "refused: the verifier's failed checks (English)" }),
      }),
    )
    .openapi({ description: "the same findings as data, to word in any language" }),
  updatedAt: z.string(),
});
export const InboundPage = z
  .object({ items: z.array(InboundBatch), total: z.number(), totalExact: z.boolean() })
  .openapi("InboundBatchPage");
