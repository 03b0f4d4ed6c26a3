import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { decimalCredits, page } from "../../validators.js";

const Decision = z.discriminatedUnion("decision", [
  z.object({ attestationId: z.string(), decision: z.literal("accept") }).strict(),
  z
    .object({
      attestationId: z.string(),
      decision: z.literal("convert"),
      recognisedCredits: decimalCredits(),
      localCourse: z.string().min(1).max(31),
      conversionRule: z.string().min(1).max(31),
    })
    .strict(),
  z
    .object({
      attestationId: z.string(),
      decision: z.literal("reject"),
      reasonCode: z.number().int().min(1).max(65_535),
    })
    .strict(),
]);
export const Decide = z
  .object({ decisions: z.array(Decision).min(1).max(200) })
  .strict()
  .openapi("RecognitionDecisions");
export type Decision = z.infer<typeof Decision>;
export const InboxQuery = z.object({
  issuerId: z.coerce.number().int().positive().optional(),
  courseId: z.coerce.number().int().positive().optional(),
  term: z.coerce.number().int().positive().optional(),
  ...page,
});
export type InboxQuery = z.infer<typeof InboxQuery>;
export const InboxItem = z.object({
  id: z.string(),
  issuerId: z.number(),
  courseId: z.number(),
  courseVersion: z.number(),
  term: z.number(),
  credits: z.number().openapi({ description: "credits as on a transcript", example: 2.5 }),
  studentRef: z.string(),
  completionDate: z.string(),
});
export const InboxPage = pageOf(InboxItem);
