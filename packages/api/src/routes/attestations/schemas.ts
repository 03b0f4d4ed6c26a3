import { z } from "zod";
import "../../http/zod.js";
import { MAX_RECORDS } from "../../outbox/roster.js";
import { decimalCredits } from "../../validators.js";

const uint32 = z.number().int().min(1).max(4_294_967_295);
/** One record, as JSON and as a roster's line once read: the one set of rules both answer to. */
export const AttestationInput = z
  .object({
    homeId: uint32,
    courseId: uint32,
    courseVersion: z.number().int().min(1).max(65_535).default(1),
    term: uint32.openapi({ example: 20261 }),
    credits: decimalCredits().openapi({
      description:
        "credits as on the transcript: a number or decimal string, at most two decimals, above 0 and at most the course version's credits",
      example: 2.5,
    }),
    studentRef: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .openapi({ description: "the home school's student reference; stays in the gateway, never on chain" }),
    grade: z.string().trim().min(1).max(16),
    completionDate: z.iso.date(),
  })
  .strict();
export const SubmitAttestations = z
  .object({ records: z.array(AttestationInput).min(1).max(MAX_RECORDS) })
  .strict()
  .openapi("SubmitAttestations");
export type SubmittedRecord = z.infer<typeof SubmitAttestations>["records"][number];
/** A JSON submission's envelope, its records still unread (each is then checked on its own, by {@link AttestationInput}). */
export const SubmissionEnvelope = z.object({ records: z.array(z.unknown()).min(1).max(MAX_RECORDS) }).strict();
export const RosterCsv = z.string().openapi({
  description: "a header row, then one record a line; credits as on the transcript",
  example:
    "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,1,20261,2.5,2026-0001,A,2026-07-01\n",
});
export const RosterXlsx = z.string().openapi({
  type: "string",
  format: "binary",
  description:
    "an Excel workbook (.xlsx): its first worksheet, a header row with the CSV's column names, then one record a row; number and date cells are read as the CSV would hold them (2.5, 20261, 2026-07-01)",
});
export const Accepted = z.object({ accepted: z.number(), ids: z.array(z.string()) });
export const RosterPreview = z
  .object({
    count: z.number().openapi({ description: "records (rows) read" }),
    ok: z
      .boolean()
      .openapi({ description: "true when there is no problem: submitting the same body would be accepted" }),
    columns: z.array(z.string()).openapi({
      description: "the header's columns as the file has them (JSON: the records' fields)",
    }),
    rows: z.array(
      z.object({
        line: z
          .number()
          .openapi({ description: "the line (spreadsheet row) in the file; JSON: the record's index + 1" }),
        cells: z.record(z.string(), z.string()).openapi({ description: "each cell as the file has it, by column" }),
      }),
    ),
    problems: z.array(
      z.object({
        line: z.number().nullable(),
        column: z.string().nullable().openapi({ description: "null when the whole record is at fault" }),
        code: z.string().openapi({
          description:
            "`missing_value`, `invalid_value`, `unknown_column`, `invalid_record`, or the catalogue's reason: `unknown_course`, `course_not_hosted_by_issuer`, `course_retired`, `unknown_course_version`, `credits_exceed_course`, `home_is_issuer`, `home_not_active_member`",
          example: "credits_exceed_course",
        }),
        message: z.string(),
      }),
    ),
  })
  .openapi("RosterPreview");
export const AttestationId = z.object({ id: z.string() });
export const OpenBadgeQuery = z.object({
  holder: z
    .string()
    .max(500)
    .regex(/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/, "expected the student's DID, e.g. did:key:z6Mk…")
    .optional()
    .openapi({ description: "the student's own DID, when they gave one: the credential's subject is then that DID" }),
});
