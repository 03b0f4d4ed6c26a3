import type { CredentialFile } from "@alliance-ledger/sdk";
import { z } from "zod";
import "../../http/zod.js";

const Check = z.object({ name: z.string(), outcome: z.enum(["pass", "fail", "info", "skipped"]), reason: z.string() });
export const VerifyResult = z
  .object({
    valid: z.boolean(),
    leaf: z.string().optional(),
    checks: z.array(Check),
    recognition: z
      .object({
        status: z.string(),
        recognisedCredits: z
          .number()
          .openapi({ description: "credits the home school recognised, as on a transcript", example: 2.5 }),
      })
      .optional(),
    supersededBy: z.string().optional(),
  })
  .openapi("CredentialVerification");
/**
 * Documents the body as any object; the route reads it with the SDK's own checks instead (they name
 * each problem the way the file format does), hence the type.
 */
export const CredentialFileInput = z.object({}).passthrough().openapi({
  description: "A credential file as issued to a student (packages/sdk/schemas/credential-file.schema.json)",
}) as unknown as z.ZodType<CredentialFile>;
