import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildAttestationTree } from "../attestations/buildAttestationTree.js";
import { hideFields, issueCredentialFiles } from "./credentialFile.js";
import { exportOpenBadgeCredential } from "./exportOpenBadgeCredential.js";
import { sealAttestation } from "./sealAttestation.js";

const require = createRequire(import.meta.url);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateAchievementCredential = ajv.compile(
  require("../../schemas/vendor/ob_v3p0_achievementcredential.schema.json"),
);

const sealed = [
  sealAttestation({
    issuerId: 1,
    homeId: 2,
    courseId: 4,
    courseVersion: 2,
    term: 20261,
    credits: 250,
    studentRef: "S-1",
    grade: "A-",
    completionDate: "2026-07-10",
  }),
];
const tree = buildAttestationTree(sealed.map((s) => s.attestation));
const [file] = issueCredentialFiles({
  tree,
  sealed,
  chainId: 31337,
  creditLedger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
});
const context = {
  issuer: { name: "Beijing Institute of Technology" },
  course: { code: "EE210", title: "Circuits" },
  anchoredAt: new Date("2026-07-12T08:00:00Z"),
};

describe("exportOpenBadgeCredential", () => {
  it("produces an Open Badges 3.0 AchievementCredential that the published schema accepts", () => {
    const vc = exportOpenBadgeCredential(file, context);
    const ok = validateAchievementCredential(vc);
    expect(validateAchievementCredential.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(vc.credentialSubject.creditsEarned).toBe(2.5);
    expect(vc.credentialSubject.result).toEqual([{ type: ["Result"], value: "A-" }]);
  });

  it("leaves out what the holder hid, and stays valid", () => {
    const vc = exportOpenBadgeCredential(hideFields(file, ["grade", "completionDate"]), context);
    expect(validateAchievementCredential(vc)).toBe(true);
    expect(vc.credentialSubject.result).toBeUndefined();
    expect(JSON.stringify(vc)).not.toContain("A-");
  });

  it("is rejected by the schema when a required part is missing (the check is real)", () => {
    const { validFrom: _dropped, ...withoutValidFrom } = exportOpenBadgeCredential(file, context);
    expect(validateAchievementCredential(withoutValidFrom)).toBe(false);
    const wrongContext = {
      ...exportOpenBadgeCredential(file, context),
      "@context": ["https://www.w3.org/2018/credentials/v1", "x"],
    };
    expect(validateAchievementCredential(wrongContext)).toBe(false);
  });
});
