import { keccak_256 } from "@noble/hashes/sha3.js";
import type { Attestation } from "./attestation.js";

/**
 * Byte-level versions of the leaf and root computations, for audits that hash 100,000s of records:
 * they give exactly what @openzeppelin/merkle-tree gives (sorted leaves, sorted-pair node hashing),
 * without its per-node hex conversions and checks. Tests hold them equal.
 */

const LEAF_WORDS = 10;

function writeUint(buffer: Uint8Array, word: number, value: number) {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a uint32: ${value}`);
  const end = word * 32 + 32;
  buffer[end - 4] = value >>> 24;
  buffer[end - 3] = (value >>> 16) & 0xff;
  buffer[end - 2] = (value >>> 8) & 0xff;
  buffer[end - 1] = value & 0xff;
}

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

function writeBytes32(buffer: Uint8Array, word: number, hex: string) {
  if (!BYTES32.test(hex)) throw new RangeError(`not a bytes32: ${hex}`);
  buffer.set(Buffer.from(hex.slice(2), "hex"), word * 32);
}

/** The attestation's leaf, `keccak256(keccak256(abi.encode(tuple)))`, as 32 bytes. */
export function attestationLeafBytes(a: Attestation): Uint8Array {
  const encoded = new Uint8Array(LEAF_WORDS * 32);
  writeUint(encoded, 0, a.issuerId);
  writeUint(encoded, 1, a.homeId);
  writeUint(encoded, 2, a.courseId);
  writeUint(encoded, 3, a.courseVersion);
  writeUint(encoded, 4, a.term);
  writeUint(encoded, 5, a.index);
  writeBytes32(encoded, 6, a.learnerCommitment);
  writeUint(encoded, 7, a.credits);
  writeBytes32(encoded, 8, a.gradeCommitment);
  writeBytes32(encoded, 9, a.completionCommitment);
  return keccak_256(keccak_256(encoded));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** keccak256 of the two nodes in ascending order (OpenZeppelin's commutative node hash). */
function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const pair = new Uint8Array(64);
  const [low, high] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  pair.set(low, 0);
  pair.set(high, 32);
  return keccak_256(pair);
}

/** The root a StandardMerkleTree / SimpleMerkleTree (sorted leaves) would have over these leaves. */
export function merkleRootOfLeaves(leaves: readonly Uint8Array[]): string {
  if (leaves.length === 0) throw new RangeError("a tree needs at least one leaf");
  const sorted = [...leaves].sort(compareBytes);
  const tree = new Array<Uint8Array>(2 * sorted.length - 1);
  for (let i = 0; i < sorted.length; i++) tree[tree.length - 1 - i] = sorted[i];
  for (let i = tree.length - 1 - sorted.length; i >= 0; i--) tree[i] = hashPair(tree[2 * i + 1], tree[2 * i + 2]);
  return toHex(tree[0]);
}

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}
