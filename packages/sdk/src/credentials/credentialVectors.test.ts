import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { attestationLeafHash, fieldCommitment, learnerCommitment } from "../attestations/attestation.js";
import { parseCredentialFile } from "./parseCredentialFile.js";

/** The SDK still produces the published vectors of docs/credential-format.md (else: `npm run vectors` and say why). */
describe("credential vectors", () => {
  it("are what the SDK computes", async () => {
    const vectors = JSON.parse(
      await readFile(new URL("../../../../docs/credential-vectors.json", import.meta.url), "utf8"),
    );
    for (const v of vectors.records) {
      const file = parseCredentialFile(v.credentialFile);
      expect(learnerCommitment(v.input.salts.learner, file.attestation.homeId, v.input.studentRef)).toBe(
        v.learnerCommitment,
      );
      expect(fieldCommitment(v.input.salts.grade, v.input.grade)).toBe(v.gradeCommitment);
      expect(attestationLeafHash(file.attestation)).toBe(v.leaf);
    }
  });
});
