import { readFile } from "node:fs/promises";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, concat, keccak256 } from "ethers";
import { describe, expect, it } from "vitest";

/**
 * A verifier written from docs/credential-format.md alone, with ethers and @openzeppelin/merkle-tree
 * only (no SDK), checked against the published test vectors: a third party can implement the format.
 */
const abi = AbiCoder.defaultAbiCoder();
const LEAF_TYPES = [
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
];

interface Attestation {
  issuerId: number;
  homeId: number;
  courseId: number;
  courseVersion: number;
  term: number;
  index: number;
  learnerCommitment: string;
  credits: number;
  gradeCommitment: string;
  completionCommitment: string;
}
interface File {
  batchRoot: string;
  proof: string[];
  attestation: Attestation;
  disclosures: Record<"learner" | "grade" | "completionDate", { salt: string; value: string }>;
}

const learner = (salt: string, homeId: number, ref: string) =>
  keccak256(abi.encode(["bytes32", "uint32", "string"], [salt, homeId, ref]));
const field = (salt: string, value: string) => keccak256(abi.encode(["bytes32", "string"], [salt, value]));
const tuple = (a: Attestation) => [
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
const leafOf = (a: Attestation) => keccak256(keccak256(abi.encode(LEAF_TYPES, tuple(a))));
/** The proof fold of the document: node(a, b) = keccak256(min ‖ max). */
const fold = (leaf: string, proof: string[]) =>
  proof.reduce((h, p) => (BigInt(h) < BigInt(p) ? keccak256(concat([h, p])) : keccak256(concat([p, h]))), leaf);

describe("docs/credential-format.md, implemented from the document", async () => {
  const vectors = JSON.parse(
    await readFile(new URL("../../docs/credential-vectors.json", import.meta.url), "utf8"),
  ) as {
    batchRoot: string;
    records: Array<{
      input: { studentRef: string; grade: string; completionDate: string; salts: Record<string, string> };
      learnerCommitment: string;
      gradeCommitment: string;
      completionCommitment: string;
      leaf: string;
      credentialFile: File;
    }>;
    tampered: File;
  };

  it("recomputes every commitment, leaf and proof of the vectors", () => {
    expect(vectors.records.length).toBeGreaterThan(1);
    for (const [i, v] of vectors.records.entries()) {
      const a = v.credentialFile.attestation;
      expect(a.index).toBe(i);
      expect(learner(v.input.salts.learner, a.homeId, v.input.studentRef)).toBe(v.learnerCommitment);
      expect(field(v.input.salts.grade, v.input.grade)).toBe(v.gradeCommitment);
      expect(field(v.input.salts.completionDate, v.input.completionDate)).toBe(v.completionCommitment);
      expect([a.learnerCommitment, a.gradeCommitment, a.completionCommitment]).toEqual([
        v.learnerCommitment,
        v.gradeCommitment,
        v.completionCommitment,
      ]);
      expect(leafOf(a)).toBe(v.leaf);
      expect(fold(v.leaf, v.credentialFile.proof)).toBe(vectors.batchRoot);
      expect(StandardMerkleTree.verify(vectors.batchRoot, LEAF_TYPES, tuple(a), v.credentialFile.proof)).toBe(true);
    }
  });

  it("refuses the tampered vector and a record moved to another index", () => {
    const t = vectors.tampered;
    expect(fold(leafOf(t.attestation), t.proof)).not.toBe(vectors.batchRoot);
    const moved = { ...vectors.records[0].credentialFile.attestation, index: 1 };
    expect(fold(leafOf(moved), vectors.records[0].credentialFile.proof)).not.toBe(vectors.batchRoot);
  });

  it("opens Chinese text the way the document says (UTF-8)", () => {
    const v = vectors.records.find((r) => /[^ -~]/.test(r.input.grade))!;
    expect(field(v.input.salts.grade, v.input.grade)).toBe(v.gradeCommitment);
  });
});
