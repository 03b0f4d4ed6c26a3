import { AbiCoder, keccak256 } from "ethers";
import { attestationLeafBytes, toHex } from "./merkleRoot.js";


/** A credit attestation exactly as the CreditLedger hashes it. Personal data enters only as commitments. */
export interface Attestation {
  issuerId: number;
  homeId: number;
  courseId: number;
  courseVersion: number;
  /** Term code, e.g. 20261 for 2026, first term. */
  term: number;
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
  "bytes32",
  "uint32",
  "bytes32",
  "bytes32",
] as const;

/** The attestation as the ordered tuple a StandardMerkleTree leaf is built from. */
export function attestationLeafValues(a: Attestation): [number, number, number, number, number, string, number, string, string] {
  return [
    a.issuerId,
    a.homeId,
    a.courseId,
    a.courseVersion,
    a.term,
    a.learnerCommitment,
    a.credits,
    a.gradeCommitment,
    a.completionCommitment,
  ];
}

const coder = AbiCoder.defaultAbiCoder();

/**
 * Salted commitment to a learner, recomputable only by the home school that holds the salt.
 * Deleting the salt makes the on-chain trace unlinkable.
 *
 * @example learnerCommitment(salt, 2, "2026-0001")
 */
export function learnerCommitment(salt: string, homeId: number, studentRef: string): string {
  return keccak256(coder.encode(["bytes32", "uint32", "string"], [salt, homeId, studentRef]));
}

/** Salted commitment to one hidden-able field (grade, completion date), for selective disclosure. */
export function fieldCommitment(salt: string, value: string): string {
  return keccak256(coder.encode(["bytes32", "string"], [salt, value]));
}

/**
 * The leaf hash of one attestation as the CreditLedger and StandardMerkleTree compute it:
 * `keccak256(keccak256(abi.encode(tuple)))`, hashed twice against second-preimage attacks.
 */
export function attestationLeafHash(a: Attestation): string {
  return toHex(attestationLeafBytes(a));
}
