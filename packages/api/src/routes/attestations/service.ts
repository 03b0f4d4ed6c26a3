import { randomUUID } from "node:crypto";
import {
  type Attestation,
  attestationLeafBytes,
  type CredentialFile,
  exportOpenBadgeCredential,
  issueCredentialFile,
  merkleRootOfLeaves,
  sealAttestation,
  signCredential,
  statusEntry,
  statusPlace,
} from "@alliance-ledger/sdk";
import { decodeBytes32String } from "ethers";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { insertRows, type Queryable } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import type { StoredResponse } from "../../idempotency.js";
import { catalogReader } from "../../outbox/checkCatalog.js";
import type { BatchLoader } from "../../outbox/loadBatch.js";
import { OUTBOX_COLUMNS, type OutboxRow, PENDING_LEAF } from "../../outbox/outboxRecords.js";
import type { IssuerKeys } from "../../issuers/issuerKeys.js";
import { statusIndexOf } from "../../issuers/statusIndexes.js";
import { hundredthsToCredits } from "../../validators.js";
import { courseTitles } from "../courses/courseTexts.js";
import type { ReadDependencies } from "../deps.js";
import type { SubmittedRecord } from "./schemas.js";

/**
 * A roster of at least this many records (and at most MAX_RECORDS, 10,000, per request) is its own
 * batch, placed as it is accepted: its leaves and root are computed once and its rows written once,
 * final, with no read-back or update by the batcher. Smaller submissions wait as pending rows for the
 * batcher to gather.
 */
export const ROSTER_BATCH_MIN = 256;

const commitmentsOf = (a: Attestation) => [a.learnerCommitment, a.gradeCommitment, a.completionCommitment].join(",");

/** Sealed records ready to store: salts, commitments and, for a roster, each record's place in its batch. */
export interface SealedSubmission {
  issuerId: number;
  records: SubmittedRecord[];
  sealed: Array<ReturnType<typeof sealAttestation>>;
  placement?: ReturnType<typeof placeRoster>;
}

/** Records sealed between two turns of the event loop: the batcher's chain calls go on meanwhile. */
const SEAL_SLICE = 250;

/**
 * Seals `records` (salts and commitments) and places a roster ({@link ROSTER_BATCH_MIN} records or more)
 * in its own batch, before any transaction opens: pure work, done in slices so a 10,000-record roster
 * never holds the event loop for long.
 */
export async function sealSubmission(issuerId: number, records: SubmittedRecord[]): Promise<SealedSubmission> {
  const sealed: SealedSubmission["sealed"] = [];
  for (let at = 0; at < records.length; at += SEAL_SLICE) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const r of records.slice(at, at + SEAL_SLICE)) sealed.push(sealAttestation({ issuerId, ...r }));
  }
  const placement = records.length >= ROSTER_BATCH_MIN ? placeRoster(sealed.map((x) => x.attestation)) : undefined;
  return { issuerId, records, sealed, placement };
}

/**
 * Stores sealed records in the durable outbox, in the Idempotency-Key's transaction: the 202 means every
 * record is committed. A placed roster's rows are final ("anchoring" in a "placed" batch: the batcher only
 * has to send its root); fewer records wait as pending.
 */
export async function acceptAttestations(tx: Queryable, submission: SealedSubmission): Promise<StoredResponse> {
  const { issuerId, records, sealed, placement } = submission;
  const [{ next }] = await tx.query<{ next: number }>(
    "outbox.seq",
    "SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox_attestations",
  );
  const createdAt = new Date().toISOString();
  const ids = records.map(() => randomUUID());
  const rows = records.map((r, i) => {
    const place = placement?.places[i];
    return [
      ids[i],
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
      sealed[i].disclosures.learner.salt,
      sealed[i].disclosures.grade.salt,
      sealed[i].disclosures.completionDate.salt,
      // The leaf binds the record's index in its batch. A pending row holds a placeholder, unique by the
      // row's id (the column is NOT NULL UNIQUE), until the batcher places it; no reader looks at it.
      place?.leaf ?? `${PENDING_LEAF}${ids[i]}`,
      commitmentsOf(sealed[i].attestation),
      place ? "anchoring" : "pending",
      place?.root ?? null,
      place?.index ?? null,
      createdAt,
    ];
  });
  await insertRows(tx, "outbox.accept", "outbox_attestations", OUTBOX_COLUMNS, rows);
  if (placement)
    await insertRows(
      tx,
      "batches.placed",
      "outbox_batches",
      ["root", "issuer_id", "count", "status", "created_at", "leaves"],
      placement.batches.map((b) => [b.root, issuerId, b.leaves.length, "placed", createdAt, JSON.stringify(b.leaves)]),
    );
  return { status: 202, body: { accepted: ids.length, ids } };
}

/** A roster as one batch: each record's leaf at its index, and the batch's root. */
function placeRoster(attestations: Attestation[]) {
  const leaves = attestations.map((a, index) => attestationLeafBytes({ ...a, index }));
  const root = merkleRootOfLeaves(leaves);
  const leafHex = leaves.map((l) => `0x${Buffer.from(l).toString("hex")}`);
  return { places: leafHex.map((leaf, index) => ({ root, index, leaf })), batches: [{ root, leaves: leafHex }] };
}

type CredentialDeps = ReadDependencies & { loadBatch: BatchLoader };

/**
 * The credential file of an anchored record, for the two members whose work needs the student's data:
 * the issuer (to hand it out) and the home school (to recognise it). Not the secretariat.
 */
export async function credentialFor(deps: CredentialDeps, id: string, caller: ApiKeyRecord): Promise<CredentialFile> {
  const { db } = deps;
  const [row] = await db.query<OutboxRow>("outbox.get", "SELECT * FROM outbox_attestations WHERE id = $1", [id]);
  if (!row) throw new DomainError("attestation_not_found", `No attestation has id ${id}.`);
  const memberId = caller.role === "member" ? caller.memberId : null;
  if (memberId !== Number(row.issuer_id) && memberId !== Number(row.home_id)) {
    throw new DomainError(
      "forbidden_member",
      "Only the issuing member and the student's home member may download a credential.",
      [{ field: "id", value: id }],
    );
  }
  if (row.status !== "anchored")
    throw new DomainError(
      "not_anchored_yet",
      "This attestation is accepted but its batch is not anchored yet; retry shortly.",
      [{ status: row.status }],
    );
  const { sealed, tree } = await deps.loadBatch(db, row.batch_root!);
  const { chainId } = await deps.provider.getNetwork();
  return issueCredentialFile({
    tree,
    sealed,
    index: Number(row.batch_index),
    chainId: Number(chainId),
    creditLedger: deps.reader.addresses.creditLedger,
  });
}

/**
 * The same credential as a W3C VC 2.0 / Open Badges 3.0 AchievementCredential, signed by the issuing
 * school's key (`eddsa-rdfc-2022`), its issuer the school's did:web, its achievement the catalogue's
 * course (title and credits), its status the school's revocation list, its evidence the on-chain anchor.
 */
export async function openBadgeFor(
  deps: CredentialDeps & { issuerKeys: IssuerKeys },
  id: string,
  caller: ApiKeyRecord,
  holderDid?: string,
) {
  const file = await credentialFor(deps, id, caller);
  const a = file.attestation;
  const issuerId = Number(a.issuerId);
  // The issuer vouches for whom it binds a credential to: the home school may not bind it to a DID.
  if (holderDid && caller.memberId !== issuerId)
    throw new DomainError("forbidden_member", "Only the issuing school binds a credential to the student's DID.", [
      { field: "holder", value: holderDid },
    ]);
  const catalog = catalogReader(deps.reader);
  const [issuer, course, version, batch, statusIndex, titles] = await Promise.all([
    deps.reader.registry.member(issuerId),
    catalog.course(Number(a.courseId)),
    catalog.courseVersion(Number(a.courseId), Number(a.courseVersion)),
    deps.reader.creditLedger.batch(issuerId, file.batchRoot),
    statusIndexOf(deps.db, issuerId, id),
    courseTitles(deps.db, [{ courseId: Number(a.courseId), version: Number(a.courseVersion) }]),
  ]);
  if (!course)
    throw new DomainError("course_not_found", `Course ${a.courseId} of this attestation is not in the catalogue.`, [
      { field: "courseId", value: Number(a.courseId) },
    ]);
  const code = decodeBytes32String(course.code);
  const { list, index } = statusPlace(statusIndex);
  const { issuerKeys } = deps;
  const credential = exportOpenBadgeCredential(file, {
    issuer: { id: issuerKeys.did(issuerId), name: issuer.name, url: issuerKeys.publicUrl },
    course: {
      code,
      title: titles.get(`${Number(a.courseId)}:${Number(a.courseVersion)}`) ?? code,
      credits: version ? hundredthsToCredits(version.credits) : undefined,
    },
    anchoredAt: new Date(Number(batch.anchoredAt) * 1000),
    credentialStatus: statusEntry(issuerKeys.statusListUrl(issuerId, list), index),
    holderDid,
  });
  return signCredential(credential, await issuerKeys.current(issuerId, { create: true }), issuerKeys.loader);
}
