import { randomFillSync } from "node:crypto";
import { fieldCommitment, learnerCommitment, type Attestation } from "../attestations/attestation.js";

/** A credit attestation as the issuing school keeps it off chain, with the student's private data. */
export interface AttestationRecord {
  issuerId: number;
  homeId: number;
  courseId: number;
  courseVersion: number;
  term: number;
  /** Hundredths of a credit. */
  credits: number;
  /** The home school's student reference (never a name). */
  studentRef: string;
  grade: string;
  /** ISO date, YYYY-MM-DD. */
  completionDate: string;
  /** Position in the batch it will be anchored in; default 0 (a single record). */
  index?: number;
}

/** A hidden-able field: its value and the salt its on-chain commitment was made with. */
export interface Disclosure {
  salt: string;
  value: string;
}

export interface Disclosures {
  learner?: Disclosure;
  grade?: Disclosure;
  completionDate?: Disclosure;
}

export interface SealedAttestation {
  /** What is hashed into the Merkle leaf: commitments only. */
  attestation: Attestation;
  /** The salts and values that open the commitments; kept off chain. */
  disclosures: Required<Disclosures>;
}

const SALT_BYTES = 32;
const RECORD_SALT_BYTES = 3 * SALT_BYTES;
/**
 * Salts for this many records are drawn at once: a draw costs about 6 µs however small (a system call on
 * these machines), 96 bytes of a large draw about 0.4 µs. Each byte is handed out once and the pool is
 * refilled when spent (as Node pools the randomness behind `randomUUID`).
 */
const POOLED_RECORDS = 256;
const pool = Buffer.alloc(POOLED_RECORDS * RECORD_SALT_BYTES);
let poolAt = pool.length;

/** The record's three salts (learner, grade, completion date): 96 fresh random bytes, sliced. */
function randomSalts(): [string, string, string] {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += RECORD_SALT_BYTES;
  return [
    `0x${pool.toString("hex", at, at + SALT_BYTES)}`,
    `0x${pool.toString("hex", at + SALT_BYTES, at + 2 * SALT_BYTES)}`,
    `0x${pool.toString("hex", at + 2 * SALT_BYTES, at + RECORD_SALT_BYTES)}`,
  ];
}

/**
 * Turns an off-chain record into the attestation that goes into a batch: the learner, grade and
 * completion date become salted commitments (each with its own salt, so each can be disclosed alone).
 * The salts are 32 random bytes each, never reused; `salt`, when given, supplies them instead (called
 * three times: learner, grade, completion date), e.g. for fixed test vectors.
 *
 * @example const sealed = records.map((r) => sealAttestation(r)); const tree = buildAttestationTree(sealed.map((s) => s.attestation));
 */
export function sealAttestation(record: AttestationRecord, salt?: () => string): SealedAttestation {
  const [learnerSalt, gradeSalt, completionSalt] = salt ? [salt(), salt(), salt()] : randomSalts();
  const learner = { salt: learnerSalt, value: record.studentRef };
  const grade = { salt: gradeSalt, value: record.grade };
  const completionDate = { salt: completionSalt, value: record.completionDate };
  return {
    attestation: {
      issuerId: record.issuerId,
      homeId: record.homeId,
      courseId: record.courseId,
      courseVersion: record.courseVersion,
      term: record.term,
      index: record.index ?? 0,
      learnerCommitment: learnerCommitment(learner.salt, record.homeId, learner.value),
      credits: record.credits,
      gradeCommitment: fieldCommitment(grade.salt, grade.value),
      completionCommitment: fieldCommitment(completionDate.salt, completionDate.value),
    },
    disclosures: { learner, grade, completionDate },
  };
}
