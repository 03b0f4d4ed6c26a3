import { z } from "zod";
import "../../http/zod.js";
import { pageOf } from "../../responseSchemas.js";
import { bytes32, page } from "../../validators.js";

export const RecordQuery = z.object({
  batchRoot: bytes32.optional().openapi({ description: "one batch's records, in batch order" }),
  studentRef: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "one student's records across batches (to find the replacement of a record to correct)" }),
  ...page,
});
export type RecordQuery = z.infer<typeof RecordQuery>;
export const IssuedRecord = z
  .object({
    id: z.string().openapi({ description: "the record's id here (for revoke and supersede)" }),
    batchRoot: z.string(),
    index: z.number(),
    homeId: z.number(),
    courseId: z.number(),
    courseVersion: z.number(),
    term: z.number(),
    credits: z.number().openapi({ description: "credits as on a transcript", example: 2.5 }),
    studentRef: z.string(),
    grade: z.string(),
    completionDate: z.string(),
    revoked: z.boolean().openapi({ description: "revoked on chain (the read model has seen the event)" }),
    reasonCode: z.number().nullable(),
  })
  .openapi("IssuedRecord");
export const IssuedRecordPage = pageOf(IssuedRecord);
