import { randomBytes, hexlify } from "ethers";
import { describe, expect, it } from "vitest";
import { attestationLeafHash, fieldCommitment, learnerCommitment, type Attestation } from "./attestation.js";
import { buildAttestationTree } from "./buildAttestationTree.js";

const salt = () => hexlify(randomBytes(32));

function sample(i: number): Attestation {
  return {
    issuerId: 1,
    homeId: 2,
    courseId: 7,
    courseVersion: 1,
    term: 20261,
    index: i,
    learnerCommitment: learnerCommitment(salt(), 2, `S-${i}`),
    credits: 250,
    gradeCommitment: fieldCommitment(salt(), "A-"),
    completionCommitment: fieldCommitment(salt(), "2026-07-01"),
  };
}

describe("buildAttestationTree", () => {
  it("gives every attestation a proof that verifies against the root", () => {
    const rows = Array.from({ length: 37 }, (_, i) => sample(i));
    const tree = buildAttestationTree(rows);
    for (const [index, values] of tree.entries()) {
      expect(tree.verify(values, tree.getProof(index))).toBe(true);
    }
  });

  it("hashes leaves exactly as StandardMerkleTree does", () => {
    const rows = [sample(0), sample(1), sample(2)];
    const tree = buildAttestationTree(rows);
    for (const [i, row] of rows.entries()) expect(attestationLeafHash(row)).toBe(tree.leafHash(tree.at(i)!));
  });

  it("changes the leaf when any single field changes", () => {
    const base = sample(0);
    const variants: Attestation[] = [
      { ...base, homeId: 3 },
      { ...base, credits: 251 },
      { ...base, gradeCommitment: fieldCommitment(salt(), "A-") },
    ];
    for (const v of variants) expect(attestationLeafHash(v)).not.toBe(attestationLeafHash(base));
  });

  it("refuses an empty batch", () => {
    expect(() => buildAttestationTree([])).toThrow(RangeError);
  });
});

describe("learnerCommitment", () => {
  it("depends on the salt, so the same student is unlinkable across salts", () => {
    expect(learnerCommitment(salt(), 2, "S-1")).not.toBe(learnerCommitment(salt(), 2, "S-1"));
  });
});
