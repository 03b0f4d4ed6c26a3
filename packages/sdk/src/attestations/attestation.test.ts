import fc from "fast-check";
import { AbiCoder, hexlify, keccak256 } from "ethers";
import { describe, expect, it } from "vitest";
import { fieldCommitment, learnerCommitment } from "./attestation.js";

const coder = AbiCoder.defaultAbiCoder();
const salt = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b));

describe("commitments", () => {
  it("equal keccak256(abi.encode(...)) as Solidity computes it, for any text", () => {
    fc.assert(
      fc.property(
        salt,
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.string({ unit: "grapheme", maxLength: 80 }),
        (s, home, text) => {
          expect(learnerCommitment(s, home, text)).toBe(
            keccak256(coder.encode(["bytes32", "uint32", "string"], [s, home, text])),
          );
          expect(fieldCommitment(s, text)).toBe(keccak256(coder.encode(["bytes32", "string"], [s, text])));
        },
      ),
      { seed: 99, numRuns: 300 },
    );
  });

  it("refuses a malformed salt", () => {
    expect(() => fieldCommitment("0x12", "A")).toThrow(RangeError);
  });
});
