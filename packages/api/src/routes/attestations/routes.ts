import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotent } from "../../idempotency.js";
import { checkAgainstCatalog } from "../../outbox/checkCatalog.js";
import { CredentialFileBody, json, OpenBadge } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { Accepted, AttestationId, RosterCsv, SubmitAttestations } from "./schemas.js";
import {
  acceptAttestations,
  credentialFor,
  inRosterTerms,
  openBadgeFor,
  readSubmission,
  sealSubmission,
} from "./service.js";

/** Attestations: accepted into the durable outbox (with idempotency), credentials once anchored. */
export function attestationRoutes(deps: RouteDependencies): Router {
  const { db, reader } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "post",
    path: "/attestations",
    summary:
      "Submit attestations as JSON or a CSV roster (text/csv: homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate; credits as on the transcript); stored durably, then anchored in batches",
    roles: ["member"],
    body: SubmitAttestations,
    alsoAccepts: { "text/csv": RosterCsv },
    readBody: readSubmission,
    responses: {
      202: { description: "accepted into the outbox", content: json(Accepted) },
      400: {
        description:
          "invalid (`validation_failed`, `invalid_csv`), or refused by the catalogue (`record_refused_by_catalog`: unknown course or version, a course the issuer does not host or retired, credits above the version's, a home school that is the issuer or not active); details name `records.<i>.<field>` (CSV: line and column) and a `reason`",
      },
      409: { description: "idempotency key reused with a different body" },
      413: { description: "more than 10,000 records (`too_many_records`) or a body too large (`body_too_large`)" },
    },
    handler: async ({ body: { records }, caller, req }) => {
      const issuerId = caller.memberId!;
      await inRosterTerms(Boolean(req.is("text/csv")), () => checkAgainstCatalog(reader, issuerId, records));
      const submission = await sealSubmission(issuerId, records);
      return idempotent(db, req, (tx) => acceptAttestations(tx, submission));
    },
  });

  defineRoute({
    method: "get",
    path: "/attestations/{id}/openbadge",
    summary: "The credential as a W3C Verifiable Credential 2.0 / Open Badges 3.0 AchievementCredential",
    roles: "any",
    params: AttestationId,
    responses: {
      200: {
        description: "AchievementCredential (unsigned; its evidence names the on-chain anchor)",
        content: json(OpenBadge),
      },
      403: { description: "neither the issuing nor the home member" },
      404: { description: "unknown attestation, or its course is not in the catalogue" },
      409: { description: "not anchored yet" },
    },
    handler: async ({ params: { id }, caller }) => ok(await openBadgeFor(deps, id, caller)),
  });

  defineRoute({
    method: "get",
    path: "/attestations/{id}/credential",
    summary: "The student's credential file, once its batch is anchored",
    roles: "any",
    params: AttestationId,
    responses: {
      200: {
        description: "credential file (its `attestation` is the ledger's leaf: credits there are hundredths)",
        content: json(CredentialFileBody),
      },
      403: { description: "neither the issuing nor the home member" },
      404: { description: "unknown" },
      409: { description: "not anchored yet" },
    },
    handler: async ({ params: { id }, caller }) => ok(await credentialFor(deps, id, caller)),
  });
  return router;
}
