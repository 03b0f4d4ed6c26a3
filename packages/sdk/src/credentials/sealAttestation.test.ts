import { describe, expect, it } from "vitest";
import { fieldCommitment, learnerCommitment } from "../attestations/attestation.js";
import { sealAttestation } from "./sealAttestation.js";

const record = {
  issuerId: 1,
  homeId: 2,
  courseId: 3,
  courseVersion: 1,
  term: 20261,
  credits: 300,
  studentRef: "2026-0001",
  grade: "A",
  completionDate: "2026-07-01",
};

describe("sealAttestation", () => {
  it("draws three distinct 32-byte salts per record, fresh each time, and commits with them", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const { attestation, disclosures } = sealAttestation(record);
      const salts = [disclosures.learner.salt, disclosures.grade.salt, disclosures.completionDate.salt];
      for (const salt of salts) {
        expect(salt).toMatch(/^0x[0-9a-f]{64}$/);
        seen.add(salt);
      }
      expect(attestation.learnerCommitment).toBe(learnerCommitment(salts[0], record.homeId, record.studentRef));
      expect(attestation.gradeCommitment).toBe(fieldCommitment(salts[1], record.grade));
      expect(attestation.completionCommitment).toBe(fieldCommitment(salts[2], record.completionDate));
    }
    expect(seen.size).toBe(1_800); // past two refills of the pool: no salt handed out twice
  });

  it("takes the salts from `salt` when given, in the order learner, grade, completion date", () => {
    let n = 0;
    const salt = () => `0x${(++n).toString(16).padStart(64, "0")}`;
    const { disclosures } = sealAttestation(record, salt);
    expect([disclosures.learner.salt, disclosures.grade.salt, disclosures.completionDate.salt]).toEqual([
      `0x${"1".padStart(64, "0")}`,
      `0x${"2".padStart(64, "0")}`,
      `0x${"3".padStart(64, "0")}`,
    ]);
  });
});
