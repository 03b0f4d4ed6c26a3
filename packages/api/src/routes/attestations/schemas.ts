import { z } from "zod";
import "../../http/zod.js";
import { MAX_RECORDS } from "../../outbox/parseRosterCsv.js";
import { decimalCredits } from "../../validators.js";

const uint32 = z.number().int().min(1).max(4_294_967_295);
const AttestationInput = z
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
export const RosterCsv = z.string().openapi({
  description: "a header row, then one record a line; credits as on the transcript",
  example:
    "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,1,20261,2.5,2026-0001,A,2026-07-01\n",
});
export const Accepted = z.object({ accepted: z.number(), ids: z.array(z.string()) });
export const AttestationId = z.object({ id: z.string() });
