import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotent } from "../../idempotency.js";
import { XLSX_MEDIA_TYPE } from "../../outbox/readRosterXlsx.js";
import { CredentialFileBody, json, OpenBadge } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { previewSubmission, vetSubmission } from "./examineSubmission.js";
import {
  Accepted,
  AttestationId,
  RosterCsv,
  RosterPreview,
  RosterXlsx,
  SubmitAttestations,
  OpenBadgeQuery,
} from "./schemas.js";
import { acceptAttestations, credentialFor, openBadgeFor, sealSubmission } from "./service.js";

/** The bodies a submission and its preview take besides JSON. */
const ROSTERS = { "text/csv": RosterCsv, [XLSX_MEDIA_TYPE]: RosterXlsx };
const ROSTER_REFUSALS =
  "invalid (`validation_failed`; a roster's `invalid_csv` or `invalid_xlsx`, also for a file that cannot be read as one; `roster_encoding_unknown` for a CSV in no encoding a spreadsheet writes)";

/** Attestations: accepted into the durable outbox (with idempotency), credentials once anchored. */
export function attestationRoutes(deps: RouteDependencies): Router {
  const { db, reader } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "post",
    path: "/attestations",
    summary:
      "Submit attestations as JSON, a CSV roster (text/csv: homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate; credits as on the transcript) or the same roster as an Excel workbook (.xlsx, its first sheet); stored durably, then anchored in batches. POST /attestations/preview checks the same body first",
    roles: ["member"],
    body: SubmitAttestations,
    alsoAccepts: ROSTERS,
    readBody: (req) => vetSubmission(req, reader),
    responses: {
      202: { description: "accepted into the outbox", content: json(Accepted) },
      400: {
        description: `${ROSTER_REFUSALS}, or refused by the catalogue (\`record_refused_by_catalog\`: unknown course or version, a course the issuer does not host or retired, credits above the version's, a home school that is the issuer or not active); details name \`records.<i>.<field>\` (a roster: \`row\`, its line or spreadsheet row, and \`column\`) and a \`reason\`; at most 1,000 are named`,
      },
      409: { description: "idempotency key reused with a different body" },
      413: { description: "more than 10,000 records (`too_many_records`) or a body too large (`body_too_large`)" },
    },
    handler: async ({ body: { records }, caller, req }) => {
      const submission = await sealSubmission(caller.memberId!, records);
      return idempotent(db, req, (tx) => acceptAttestations(tx, submission));
    },
  });

  defineRoute({
    method: "post",
    path: "/attestations/preview",
    summary:
      "Dry run of POST /attestations for the same body (JSON, CSV or .xlsx): every row as the file has it and every problem of every row (each invalid cell; for rows whose cells are valid, what the catalogue refuses), so a registrar fixes them all before submitting. Stores nothing; no Idempotency-Key",
    roles: ["member"],
    idempotent: false,
    body: SubmitAttestations,
    alsoAccepts: ROSTERS,
    readBody: (req) => previewSubmission(req, reader),
    responses: {
      200: {
        description:
          "the rows and their problems (`ok` when there are none); lines are the file's (a spreadsheet's row numbers; JSON: the record's index + 1)",
        content: json(RosterPreview),
      },
      400: {
        description: `a body that cannot be read as records at all: ${ROSTER_REFUSALS}; a header lacking a column`,
      },
      413: { description: "more than 10,000 records (`too_many_records`) or a body too large (`body_too_large`)" },
    },
    handler: async ({ body }) => ok(body),
  });

  defineRoute({
    method: "get",
    path: "/attestations/{id}/openbadge",
    summary: "The credential as a W3C Verifiable Credential 2.0 / Open Badges 3.0 AchievementCredential",
    roles: "any",
    params: AttestationId,
    query: OpenBadgeQuery,
    responses: {
      200: {
        description:
          "AchievementCredential signed by the issuing school's did:web key (DataIntegrityProof, eddsa-rdfc-2022), with its revocation status list entry; its evidence names the on-chain anchor",
        content: json(OpenBadge),
      },
      403: { description: "neither the issuing nor the home member" },
      404: { description: "unknown attestation, or its course is not in the catalogue" },
      409: { description: "not anchored yet" },
    },
    handler: async ({ params: { id }, query: { holder }, caller }) => ok(await openBadgeFor(deps, id, caller, holder)),
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
