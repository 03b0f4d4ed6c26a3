import {
  attestationLeafBytes,
  fieldCommitment,
  learnerCommitment,
  type Attestation,
  type SealedAttestation,
} from "@alliance-ledger/sdk";

/**
 * The `leaf` of a row not yet placed in a batch: this prefix and the row's id (unique, as the column must
 * be). The real leaf binds the record's index in its batch, so it is computed once, by the batcher.
 */
export const PENDING_LEAF = "pending:";

/** The columns an accepted record is written with, in the order its values are given. */
export const OUTBOX_COLUMNS = [
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
  "batch_root",
  "batch_index",
  "created_at",
] as const;

/** An outbox row as stored: the attestation's fields, the student's private data and the salts. */
export interface OutboxRow {
  id: string;
  seq: number;
  issuer_id: number;
  home_id: number;
  course_id: number;
  course_version: number;
  term: number;
  credits: number;
  student_ref: string;
  grade: string;
  completion_date: string;
  learner_salt: string;
  grade_salt: string;
  completion_salt: string;
  /** The record's leaf once the batcher placed it (it binds the index in the batch); `pending:<id>` before. */
  leaf: string;
  /** learner, grade and completion commitments, comma-separated, hashed once at acceptance. */
  commitments: string | null;
  status: "pending" | "anchoring" | "anchored";
  batch_root: string | null;
  batch_index: number | null;
}

/** The sealed attestation a row stands for (commitments recomputed from the stored salts). */
export function sealedFromRow(r: OutboxRow): SealedAttestation {
  const attestation: Attestation = {
    issuerId: Number(r.issuer_id),
    homeId: Number(r.home_id),
    courseId: Number(r.course_id),
    courseVersion: Number(r.course_version),
    term: Number(r.term),
    index: Number(r.batch_index ?? 0),
    learnerCommitment: learnerCommitment(r.learner_salt, Number(r.home_id), r.student_ref),
    credits: Number(r.credits),
    gradeCommitment: fieldCommitment(r.grade_salt, r.grade),
    completionCommitment: fieldCommitment(r.completion_salt, r.completion_date),
  };
  return {
    attestation,
    disclosures: {
      learner: { salt: r.learner_salt, value: r.student_ref },
      grade: { salt: r.grade_salt, value: r.grade },
      completionDate: { salt: r.completion_salt, value: r.completion_date },
    },
  };
}

/** The row's leaf at `index` in its batch, from the commitments stored at acceptance (two hashes, not five). */
export function leafOfRow(r: OutboxRow, index: number): Uint8Array {
  if (!r.commitments) return attestationLeafBytes({ ...sealedFromRow(r).attestation, index });
  const [learner, grade, completion] = r.commitments.split(",");
  return attestationLeafBytes({
    issuerId: Number(r.issuer_id),
    homeId: Number(r.home_id),
    courseId: Number(r.course_id),
    courseVersion: Number(r.course_version),
    term: Number(r.term),
    index,
    learnerCommitment: learner,
    credits: Number(r.credits),
    gradeCommitment: grade,
    completionCommitment: completion,
  });
}
