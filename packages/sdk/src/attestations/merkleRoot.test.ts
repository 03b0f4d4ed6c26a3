import fc from "fast-check";
import { hexlify } from "ethers";
import { describe, expect, it } from "vitest";
import { attestationLeafHash, type Attestation } from "./attestation.js";
import { buildAttestationTree, indexBatch } from "./buildAttestationTree.js";
import { attestationLeafBytes, merkleRootOfLeaves, toHex } from "./merkleRoot.js";

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b));
const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const attestationArb: fc.Arbitrary<Attestation> = fc.record({
  issuerId: uint32,
  homeId: uint32,
  courseId: uint32,
  courseVersion: fc.integer({ min: 0, max: 0xffff }),
  term: uint32,
  index: uint32,
  learnerCommitment: bytes32,
  credits: uint32,
  gradeCommitment: bytes32,
  completionCommitment: bytes32,
});

describe("byte-level leaves and roots", () => {
  it("give the same leaves and root as @openzeppelin/merkle-tree", () => {
    fc.assert(
      fc.property(fc.array(attestationArb, { minLength: 1, maxLength: 40 }), (unindexed) => {
        const rows = indexBatch(unindexed);
        const tree = buildAttestationTree(rows);
        const leaves = rows.map(attestationLeafBytes);
        for (const [i, r] of rows.entries()) expect(toHex(leaves[i])).toBe(attestationLeafHash(r));
        expect(merkleRootOfLeaves(leaves)).toBe(tree.root);
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it("refuses malformed fields and an empty tree", () => {
    fc.assert(
      fc.property(
        attestationArb,
        (a) => void expect(() => attestationLeafBytes({ ...a, credits: -1 })).toThrow(RangeError),
      ),
      { numRuns: 5 },
    );
    expect(() => merkleRootOfLeaves([])).toThrow(RangeError);
    fc.assert(
      fc.property(attestationArb, (a) => {
        for (const bad of [`0x${"g".repeat(64)}`, `0x${"ab".repeat(31)}0`, "ab".repeat(33), `0x${"ab".repeat(33)}`])
          expect(() => attestationLeafBytes({ ...a, gradeCommitment: bad })).toThrow(RangeError);
      }),
      { numRuns: 5 },
    );
  });
});
