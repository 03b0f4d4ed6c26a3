import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { BadgeInput, BadgeVerification, CredentialFileInput, VerifyResult } from "./schemas.js";
import { credentialFileOf, describeCredential, verifyCredentialFile } from "./service.js";
import { verifyOpenBadge } from "./verifyBadge.js";

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
        { provider: deps.provider, creditLedger: deps.reader.addresses.creditLedger, db: deps.db },
        body,
      );
      return ok({ ...verified, about: await describeCredential(deps.reader, deps.db, body, verified) });
    },
  });

  defineRoute({
    method: "post",
    path: "/credentials/verify-badge",
    summary:
      "Verify a signed Open Badges 3.0 credential of this alliance (no account needed): issuer, schema, signature, key on chain, status",
    public: true,
    bodyLimit: "256kb",
    body: BadgeInput,
    readBody: (req) => req.body as Record<string, unknown>,
    responses: {
      200: { description: "checked; `valid` says whether every check passed", content: json(BadgeVerification) },
      400: { description: "`not_an_open_badge`" },
    },
    handler: async ({ body }) => ok(await verifyOpenBadge(deps, body)),
  });
  return router;
}
