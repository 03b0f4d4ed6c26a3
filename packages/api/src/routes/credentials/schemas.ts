import type { CredentialFile } from "@alliance-ledger/sdk";
import { z } from "zod";
import "../../http/zod.js";

const Check = z.object({ name: z.string(), outcome: z.enum(["pass", "fail", "info", "skipped"]), reason: z.string() });
const School = z.object({ memberId: z.number(), name: z.string().nullable() });
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
    about: z
      .object({
        issuer: School,
        home: School,
        course: z.object({
          courseId: z.number(),
          version: z.number(),
          code: z.string().nullable(),
          title: z.string().nullable().openapi({ description: "when this gateway holds the version's text" }),
        }),
        term: z.number(),
        credits: z.number().openapi({ description: "credits as on a transcript", example: 2.5 }),
        grade: z.string().nullable().openapi({ description: "when the holder disclosed it" }),
        completionDate: z.string().nullable().openapi({ description: "when the holder disclosed it" }),
      })
      .openapi({
        description:
          "what the credential says, for people; names only for a file of this alliance's deployment whose disclosures open",
      }),
  })
  .openapi("CredentialVerification");
/**
 * Documents the body as any object; the route reads it with the SDK's own checks instead (they name
 * each problem the way the file format does), hence the type.
 */
export const CredentialFileInput = z.object({}).passthrough().openapi({
  description: "A credential file as issued to a student (packages/sdk/schemas/credential-file.schema.json)",
}) as unknown as z.ZodType<CredentialFile>;

export const BadgeInput = z
  .object({})
  .passthrough()
  .openapi({ description: "a signed Open Badges 3.0 credential (GET /attestations/{id}/openbadge)" });
export const BadgeVerification = z
  .object({
    valid: z.boolean(),
    revoked: z.boolean().openapi({ description: "the issuing school's status list says revoked" }),
    checks: z.array(
      z.object({
        name: z.enum(["issuer", "schema", "signature", "keyOnChain", "status"]),
        outcome: z.enum(["pass", "fail", "skipped"]),
        detail: z.string().optional(),
      }),
    ),
    about: z.object({
      issuer: z.object({ did: z.string().nullable(), memberId: z.number().nullable(), name: z.string().nullable() }),
      achievement: z.string().nullable(),
      code: z.string().nullable(),
      creditsEarned: z.number().nullable(),
      term: z.string().nullable(),
      grade: z.string().nullable(),
      validFrom: z.string().nullable(),
    }),
  })
  .openapi("BadgeVerification");
