import express, { Router } from "express";
import type { Provider } from "ethers";
import { credentialFileProblems, verifyCredential, type CredentialFile } from "@alliance-ledger/sdk";
import { z } from "zod";
import { DomainError } from "../errors.js";
import { openApiRegistry } from "../openapi.js";
import { hundredthsToCredits } from "../validators.js";

const Check = z.object({ name: z.string(), outcome: z.enum(["pass", "fail", "info", "skipped"]), reason: z.string() });
const VerifyResult = openApiRegistry.register(
  "CredentialVerification",
  z.object({
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
  }),
);
openApiRegistry.registerPath({
  method: "post",
  path: "/credentials/verify",
  summary: "Verify a credential file (no account needed): every check with its outcome and reason",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({}).passthrough().openapi({
            description: "A credential file as issued to a student (packages/sdk/schemas/credential-file.schema.json)",
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "verified; `valid` says whether every check passed",
      content: { "application/json": { schema: VerifyResult } },
    },
    400: { description: "not a credential file" },
  },
});

/** Public credential verification, for students and employers without an account. */
export function credentialRoutes(provider: Provider, creditLedger: string): Router {
  const router = Router();
  // Public: the one route that reads a body without a key, so a small one (a credential file is a few kB).
  router.post("/credentials/verify", express.json({ limit: "256kb" }), async (req, res) => {
    const problems = credentialFileProblems(req.body);
    if (problems.length) {
      throw new DomainError(
        "invalid_credential_file",
        "This is not an Alliance Ledger credential file.",
        problems.map((p) => {
          const [field, ...message] = p.split(" ");
          return { field, message: message.join(" ") };
        }),
      );
    }
    // The gateway's own deployment is pinned (the addresses it is configured with): a file naming any
    // other ledger fails "deployment", however consistent it is.
    const chainId = Number((await provider.getNetwork()).chainId);
    const verified = await verifyCredential(req.body as CredentialFile, provider, { chainId, creditLedger });
    res.json(
      verified.recognition
        ? {
            ...verified,
            recognition: {
              ...verified.recognition,
              recognisedCredits: hundredthsToCredits(verified.recognition.recognisedCredits),
            },
          }
        : verified,
    );
  });
  return router;
}
