import { randomUUID } from "node:crypto";
import { Router, type Request } from "express";
import {
  exportOpenBadgeCredential,
  issueCredentialFile,
  sealAttestation,
  type AllianceClient,
  type Attestation,
  type CredentialFile,
} from "@alliance-ledger/sdk";
import { decodeBytes32String, type Provider } from "ethers";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import { insertRows, type Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { idempotent } from "../idempotency.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import type { BatchLoader } from "../outbox/loadBatch.js";
import { PENDING_LEAF, type OutboxRow } from "../outbox/outboxRecords.js";
import { catalogReader, checkAgainstCatalog } from "../outbox/checkCatalog.js";
import { MAX_RECORDS, readRosterCsv, toCsvDetail } from "../outbox/parseRosterCsv.js";
import { decimalCredits } from "../validators.js";
import { json, CredentialFileBody, OpenBadge } from "../responseSchemas.js";

const uint32 = z.number().int().min(1).max(4_294_967_295);
const AttestationInput = z
  .object({
    homeId: uint32,
    courseId: uint32,
    courseVersion: z.number().int().min(1).max(65_535).default(1),
    term: uint32.openapi({ example: 20261 }),
    credits: decimalCredits().openapi({
      description:
        "credits as on the transcript: a number or decimal string, at most two decimals, above 0 and at most the course version's credits",
      example: 2.5,
    }),
    studentRef: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .openapi({ description: "the home school's student reference; stays in the gateway, never on chain" }),
    grade: z.string().trim().min(1).max(16),
    completionDate: z.iso.date(),
  })
  .strict();
const SubmitAttestations = openApiRegistry.register(
  "SubmitAttestations",
  z.object({ records: z.array(AttestationInput).min(1).max(MAX_RECORDS) }).strict(),
);
const Accepted = z.object({ accepted: z.number(), ids: z.array(z.string()) });

openApiRegistry.registerPath({
  method: "post",
  path: "/attestations",
  summary:
    "Submit attestations as JSON or a CSV roster (text/csv: homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate; credits as on the transcript); stored durably, then anchored in batches",
  ...secured,
  request: {
    headers: z.object({ "idempotency-key": z.string() }),
    body: {
      content: {
        "application/json": { schema: SubmitAttestations },
        "text/csv": {
          schema: z.string().openapi({
            description: "a header row, then one record a line; credits as on the transcript",
            example:
              "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,1,20261,2.5,2026-0001,A,2026-07-01\n",
          }),
        },
      },
    },
  },
  responses: {
    202: { description: "accepted into the outbox", content: { "application/json": { schema: Accepted } } },
    400: {
      description:
        "invalid (`validation_failed`, `invalid_csv`), or refused by the catalogue (`record_refused_by_catalog`: unknown course or version, a course the issuer does not host or retired, credits above the version's, a home school that is the issuer or not active); details name `records.<i>.<field>` (CSV: line and column) and a `reason`",
    },
    409: { description: "idempotency key reused with a different body" },
    413: { description: "more than 10,000 records (`too_many_records`) or a body too large (`body_too_large`)" },
  },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/attestations/{id}/openbadge",
  summary: "The credential as a W3C Verifiable Credential 2.0 / Open Badges 3.0 AchievementCredential",
  ...secured,
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: {
      description: "AchievementCredential (unsigned; its evidence names the on-chain anchor)",
      content: json(OpenBadge),
    },
    403: { description: "neither the issuing nor the home member" },
    404: { description: "unknown attestation, or its course is not in the catalogue" },
    409: { description: "not anchored yet" },
  },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/attestations/{id}/credential",
  summary: "The student's credential file, once its batch is anchored",
  ...secured,
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: {
      description: "credential file (its `attestation` is the ledger's leaf: credits there are hundredths)",
      content: json(CredentialFileBody),
    },
    403: { description: "neither the issuing nor the home member" },
    404: { description: "unknown" },
    409: { description: "not anchored yet" },
  },
});

const OUTBOX_COLUMNS = [
  "id",
  "seq",
  "issuer_id",
  "home_id",
  "course_id",
  "course_version",
  "term",
  "credits",
  "student_ref",
  "grade",
  "completion_date",
  "learner_salt",
  "grade_salt",
  "completion_salt",
  "leaf",
  "commitments",
  "status",
  "created_at",
] as const;

const commitmentsOf = (a: Attestation) => [a.learnerCommitment, a.gradeCommitment, a.completionCommitment].join(",");

/** Attestations: accepted into the durable outbox (with idempotency), credentials once anchored. */
export function attestationRoutes(
  db: Database,
  provider: Provider,
  reader: AllianceClient,
  loadBatch: BatchLoader,
): Router {
  const router = Router();

  /**
   * The credential file of an anchored row, for the two members whose work needs the student's data:
   * the issuer (to hand it out) and the home school (to recognise it). Not the secretariat.
   */
  async function credentialFor(req: Request): Promise<CredentialFile> {
    const [row] = await db.query<OutboxRow>("outbox.get", "SELECT * FROM outbox_attestations WHERE id = $1", [
      String(req.params.id),
    ]);
    if (!row) throw new DomainError("attestation_not_found", `No attestation has id ${req.params.id}.`);
    const memberId = req.apiKey!.role === "member" ? req.apiKey!.memberId : null;
    if (memberId !== Number(row.issuer_id) && memberId !== Number(row.home_id)) {
      throw new DomainError(
        "forbidden_member",
        "Only the issuing member and the student's home member may download a credential.",
        [{ field: "id", value: String(req.params.id) }],
      );
    }
    if (row.status !== "anchored")
      throw new DomainError(
        "not_anchored_yet",
        "This attestation is accepted but its batch is not anchored yet; retry shortly.",
        [{ status: row.status }],
      );
    const { sealed, tree } = await loadBatch(db, row.batch_root!);
    const { chainId } = await provider.getNetwork();
    return issueCredentialFile({
      tree,
      sealed,
      index: Number(row.batch_index),
      chainId: Number(chainId),
      creditLedger: reader.addresses.creditLedger,
    });
  }

  router.post("/attestations", authenticate(db), requireRole("member"), async (req, res) => {
    const csv = Boolean(req.is("text/csv"));
    if (csv) req.body = { records: await readRosterCsv(req) }; // streamed: stops at the limits, never held whole
    let records: z.infer<typeof SubmitAttestations>["records"];
    try {
      ({ records } = validate(SubmitAttestations, req.body));
      await checkAgainstCatalog(reader, req.apiKey!.memberId!, records);
    } catch (error) {
      if (
        csv &&
        error instanceof DomainError &&
        (error.code === "validation_failed" || error.code === "record_refused_by_catalog")
      ) {
        const code = error.code === "validation_failed" ? "invalid_csv" : error.code;
        throw new DomainError(
          code,
          code === "invalid_csv"
            ? "Some CSV cells are not valid; see details for each line and column."
            : error.message,
          (error.details as Array<{ field: string; message: string }>).map(toCsvDetail),
        );
      }
      throw error;
    }
    const issuerId = req.apiKey!.memberId!;
    const { status, body } = await idempotent(db, req, async (tx) => {
      const [{ next }] = await tx.query<{ next: number }>(
        "outbox.seq",
        "SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox_attestations",
      );
      const createdAt = new Date().toISOString();
      const ids: string[] = [];
      const rows = records.map((r, i) => {
        const sealed = sealAttestation({ issuerId, ...r });
        const id = randomUUID();
        ids.push(id);
        return [
          id,
          Number(next) + i,
          issuerId,
          r.homeId,
          r.courseId,
          r.courseVersion,
          r.term,
          r.credits,
          r.studentRef,
          r.grade,
          r.completionDate,
          sealed.disclosures.learner.salt,
          sealed.disclosures.grade.salt,
          sealed.disclosures.completionDate.salt,
          // The leaf binds the record's index in its batch: the batcher sets it when it places the record.
          // Until then a placeholder that is unique by the row's id (the column is NOT NULL UNIQUE); no
          // reader looks at a pending row's leaf.
          `${PENDING_LEAF}${id}`,
          commitmentsOf(sealed.attestation),
          "pending",
          createdAt,
        ];
      });
      // Multi-row INSERTs in the idempotency key's transaction: the 202 still means every record is committed.
      await insertRows(tx, "outbox.accept", "outbox_attestations", OUTBOX_COLUMNS, rows);
      return { status: 202, body: { accepted: ids.length, ids } };
    });
    res.status(status).json(body);
  });

  router.get("/attestations/:id/credential", authenticate(db), async (req, res) => {
    res.json(await credentialFor(req));
  });

  router.get("/attestations/:id/openbadge", authenticate(db), async (req, res) => {
    const file = await credentialFor(req);
    const a = file.attestation;
    const [issuer, course, batch] = await Promise.all([
      reader.registry.member(a.issuerId),
      catalogReader(reader).course(Number(a.courseId)),
      reader.creditLedger.batch(a.issuerId, file.batchRoot),
    ]);
    if (!course)
      throw new DomainError("course_not_found", `Course ${a.courseId} of this attestation is not in the catalogue.`, [
        { field: "courseId", value: Number(a.courseId) },
      ]);
    const code = decodeBytes32String(course.code);
    res.json(
      exportOpenBadgeCredential(file, {
        issuer: { name: issuer.name },
        course: { code, title: code },
        anchoredAt: new Date(Number(batch.anchoredAt) * 1000),
      }),
    );
  });

  return router;
}
