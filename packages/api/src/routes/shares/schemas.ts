import { z } from "zod";
import "../../http/zod.js";
import { CredentialFileBody } from "../../responseSchemas.js";
import { CredentialFileInput } from "../credentials/schemas.js";

/** The openings a holder may leave out of a shared credential (the learner's stays: it names whose it is). */
/** What a holder may hide: the student number (learner), the grade, the completion date. */
export const HIDEABLE = ["learner", "grade", "completionDate"] as const;
export type Hideable = (typeof HIDEABLE)[number];

export const ShareInput = z
  .object({
    credential: CredentialFileInput,
    hide: z
      .array(z.enum(HIDEABLE))
      .max(HIDEABLE.length)
      .optional()
      .openapi({ description: "openings removed before the gateway stores the credential; it still verifies" }),
    expiresInDays: z.number().int().min(1).max(365).openapi({ description: "how long the link opens", example: 30 }),
  })
  .strict()
  .openapi("ShareRequest");
export type ShareInput = z.infer<typeof ShareInput>;

export const ShareCreated = z
  .object({
    token: z.string().openapi({ description: "128 random bits, base64url: whoever holds it may read the credential" }),
    url: z.string().openapi({
      description: "the verifier page's path for this share; prefix the gateway's origin",
      example: "/verify?share=q0Jc2m3b1q8n5Yx7d0Lw9A",
    }),
    link: z.string().openapi({
      description:
        "the whole link to hand out: on the gateway's public URL (ALLIANCE_PUBLIC_URL) when set, else on the address this request reached; its QR code encodes the same",
      example: "https://ledger.alliance.edu.cn/verify?share=q0Jc2m3b1q8n5Yx7d0Lw9A",
    }),
    expiresAt: z.string().openapi({ description: "ISO 8601 instant" }),
    withdrawKey: z.string().openapi({
      description: "keep it: it withdraws the link (POST /shares/{token}/withdraw); the gateway keeps only its hash",
    }),
  })
  .openapi("ShareCreated");

export const WithdrawShare = z
  .object({ withdrawKey: z.string().min(1).max(100) })
  .strict()
  .openapi("WithdrawShare");

export const Share = z
  .object({
    credential: CredentialFileBody,
    expiresAt: z.string(),
    hidden: z.array(z.enum(HIDEABLE)).openapi({ description: "the openings this copy leaves out" }),
  })
  .openapi("SharedCredential");

export const ShareToken = z.object({ token: z.string().min(1).max(100) });

/** An SVG document, for the docs (the QR code is not JSON). */
export const QrSvg = z.string().openapi({ description: "an SVG image", format: "binary" });
