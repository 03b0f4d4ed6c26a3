import { keccak_256 } from "@noble/hashes/sha3.js";
import { attestationLeafBytes, toHex } from "./merkleRoot.js";

/** A credit attestation exactly as the CreditLedger hashes it. Personal data enters only as commitments. */
export interface Attestation {
  issuerId: number;
  homeId: number;
  courseId: number;
  courseVersion: number;
  /** Term code, e.g. 20261 for 2026, first term. */
  term: number;
  /** Position in its batch (0 <= index < count): the contract keys the record's state by it. */
  index: number;
  learnerCommitment: string;
  /** Hundredths of a credit: 250 is 2.5 credits. */
  credits: number;
  gradeCommitment: string;
  completionCommitment: string;
}

/** Solidity types of the leaf tuple, in field order; the contract's `abi.encode(Attestation)` matches. */
export const ATTESTATION_LEAF_TYPES = [
  "uint32",
  "uint32",
  "uint32",
  "uint16",
  "uint32",
  "uint32",
  "bytes32",
  "uint32",
  "bytes32",
  "bytes32",
] as const;

export type LeafValues = [number, number, number, number, number, number, string, number, string, string];

/** The attestation as the ordered tuple a StandardMerkleTree leaf is built from. */
export function attestationLeafValues(a: Attestation): LeafValues {
  return [
    a.issuerId,
    a.homeId,
    a.courseId,
    a.courseVersion,
    a.term,
    a.index,
    a.learnerCommitment,
    a.credits,
    a.gradeCommitment,
    a.completionCommitment,
  ];
}

/** The attestation a tree leaf's tuple stands for (the inverse of {@link attestationLeafValues}). */
export function attestationFromLeafValues(v: LeafValues): Attestation {
  const [
    issuerId,
    homeId,
    courseId,
    courseVersion,
    term,
    index,
    learnerCommitment,
    credits,
    gradeCommitment,
    completionCommitment,
  ] = v;
  return {
    issuerId: Number(issuerId),
    homeId: Number(homeId),
    courseId: Number(courseId),
    courseVersion: Number(courseVersion),
    term: Number(term),
    index: Number(index),
    learnerCommitment,
    credits: Number(credits),
    gradeCommitment,
    completionCommitment,
  };
}

const utf8 = new TextEncoder();

/** `abi.encode(bytes32 salt, [uint32 id,] string value)`, written directly (rosters seal 100,000s). */
function encodeSaltedString(salt: string, value: string, id?: number): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt)) throw new RangeError(`not a bytes32 salt: ${salt}`);
  const text = utf8.encode(value);
  const headWords = id === undefined ? 2 : 3;
  const out = new Uint8Array(32 * headWords + 32 + Math.ceil(text.length / 32) * 32);
  out.set(Buffer.from(salt.slice(2), "hex"), 0);
  const view = new DataView(out.buffer);
  if (id !== undefined) {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new RangeError(`not a uint32: ${id}`);
    view.setUint32(60, id);
  }
  view.setUint32(32 * (headWords - 1) + 28, 32 * headWords); // offset of the string
  view.setUint32(32 * headWords + 28, text.length);
  out.set(text, 32 * headWords + 32);
  return out;
}

/**
 * Salted commitment to a learner, recomputable only by the home school that holds the salt.
 * Deleting the salt makes the on-chain trace unlinkable.
 *
 * @example learnerCommitment(salt, 2, "2026-0001")
 */
export function learnerCommitment(salt: string, homeId: number, studentRef: string): string {
  return toHex(keccak_256(encodeSaltedString(salt, studentRef, homeId)));
}

/** Salted commitment to one hidden-able field (grade, completion date), for selective disclosure. */
export function fieldCommitment(salt: string, value: string): string {
  return toHex(keccak_256(encodeSaltedString(salt, value)));
}

/**
 * The leaf hash of one attestation as the CreditLedger and StandardMerkleTree compute it:
 * `keccak256(keccak256(abi.encode(tuple)))`, hashed twice against second-preimage attacks.
 */
export function attestationLeafHash(a: Attestation): string {
  return toHex(attestationLeafBytes(a));
}
