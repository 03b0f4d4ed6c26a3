import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { CredentialFileInput, VerifyResult } from "./schemas.js";
import { credentialFileOf, describeCredential, verifyCredentialFile } from "./service.js";

/** Public credential verification, for students and employers without an account. */
export function credentialRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "post",
    path: "/credentials/verify",
    summary: "Verify a credential file (no account needed): every check with its outcome and reason",
    public: true,
    // The one route that reads a body without a key, so a small one (a credential file is a few kB).
    bodyLimit: "256kb",
    body: CredentialFileInput,
    readBody: (req) => credentialFileOf(req.body),
    responses: {
      200: { description: "verified; `valid` says whether every check passed", content: json(VerifyResult) },
      400: { description: "not a credential file" },
    },
    handler: async ({ body }) => {
      const verified = await verifyCredentialFile(
        { provider: deps.provider, creditLedger: deps.reader.addresses.creditLedger },
        body,
      );
      return ok({ ...verified, about: await describeCredential(deps.reader, deps.db, body, verified) });
    },
  });
  return router;
}
