import { fieldCommitment, learnerCommitment, type Attestation, type SealedAttestation } from "@alliance-ledger/sdk";

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
  leaf: string;
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
