import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttestationTree } from "../attestations/buildAttestationTree.js";
import { publishCourse } from "../actions/catalog/publishCourse.js";
import { anchorCredentials } from "../testing/anchorCredentials.js";
import { openDecidedPeriod } from "../testing/openDecidedPeriod.js";
import { recognizeAttestations } from "../actions/credits/recognizeAttestations.js";
import { revokeAttestation } from "../actions/credits/revokeAttestation.js";
import { ProposalAction, proposeDecision } from "../actions/registry/proposeDecision.js";
import { startLocalAlliance, type LocalAlliance } from "../testing/startLocalAlliance.js";
import { hideFields, issueCredentialFiles, type CredentialFile } from "./credentialFile.js";
import { InvalidCredentialFileError, parseCredentialFile } from "./parseCredentialFile.js";
import { sealAttestation } from "./sealAttestation.js";
import {
  verifyCredential,
  type AllianceDeployment,
  type CheckName,
  type VerificationMemo,
  type VerifyCredentialReturnType,
} from "./verifyCredential.js";

let alliance: LocalAlliance;
let files: CredentialFile[];
let pinned: AllianceDeployment;

beforeAll(async () => {
  alliance = await startLocalAlliance(3);
  const [host] = alliance.members;
  await publishCourse(host, {
    code: "EE210",
    terms: { metadata: "Circuits", credits: 250, contactHours: 40, feePerCredit: 6_000n, term: 20261, seats: 40 },
  });
  await openDecidedPeriod(alliance.secretariat, {
    currency: "CNY",
    shares: [1, 2, 3].map((memberId) => ({ memberId, shareBps: memberId === 1 ? 3334 : 3333 })),
  });
  ({ files, deployment: pinned } = await anchorCredentials(host, {
    issuerId: 1,
    homeId: 2,
    courseId: 1,
    courseVersion: 1,
    term: 20261,
    credits: 250,
    students: Array.from({ length: 5 }, (_, i) => ({ ref: `2026-B-${i}`, grade: i % 2 ? "B+" : "A" })),
  }));
}, 120_000);
const verify = (file: CredentialFile) => verifyCredential(file, alliance.provider, pinned);
afterAll(async () => alliance?.stop());

const outcome = (r: VerifyCredentialReturnType, name: CheckName) => r.checks.find((c) => c.name === name)!;

describe("verifyCredential", () => {
  it("passes every check of a genuine credential and lists each with its reason", async () => {
    const r = await verify(files[0]);
    expect(r.valid).toBe(true);
    expect(r.checks.map((c) => [c.name, c.outcome])).toEqual([
      ["format", "pass"],
      ["disclosures", "pass"],
      ["proof", "pass"],
      ["deployment", "pass"],
      ["network", "pass"],
      ["anchored", "pass"],
      ["issuerStanding", "pass"],
      ["course", "pass"],
      ["notRevoked", "pass"],
      ["recognition", "info"],
    ]);
    expect(r.recognition).toEqual({ status: "pending", recognisedCredits: 0 });
  });

  it("verifies a batch's credentials with one memo: the same checks, with the batch, standing and course read once", async () => {
    let calls = 0;
    const count = (e: { action: string }) => {
      if (e.action === "sendRpcPayload") calls += 1;
    };
    await alliance.provider.on("debug", count);
    const alone = [];
    for (const f of files.slice(0, 4)) alone.push(await verify(f));
    const callsAlone = calls;
    calls = 0;
    const memo: VerificationMemo = new Map();
    const shared = [];
    for (const f of files.slice(0, 4)) shared.push(await verifyCredential(f, alliance.provider, pinned, { memo }));
    await alliance.provider.off("debug", count);
    expect(shared).toEqual(alone);
    // Per credential only its own status and correction are asked for once the first has been read.
    expect(calls).toBeLessThan(callsAlone / 2);
  });

  it("verifies a credential whose holder hid the grade", async () => {
    const hidden = hideFields(files[1], ["grade"]);
    expect(hidden.disclosures.grade).toBeUndefined();
    expect(JSON.stringify(hidden)).not.toContain('"B+"');
    const r = await verify(hidden);
    expect(r.valid).toBe(true);
    expect(outcome(r, "disclosures").reason).toBe("disclosed: learner, completionDate");
  });

  it("fails an altered field at the proof check and says so", async () => {
    const altered = { ...files[2], attestation: { ...files[2].attestation, credits: 400 } };
    const r = await verify(altered);
    expect(r.valid).toBe(false);
    expect(outcome(r, "proof")).toMatchObject({
      outcome: "fail",
      reason: expect.stringContaining("a field was altered"),
    });
    expect(outcome(r, "anchored").outcome).toBe("skipped");
  });

  it("fails a disclosed value that does not open its commitment", async () => {
    const lied = {
      ...files[3],
      disclosures: { ...files[3].disclosures, grade: { ...files[3].disclosures.grade!, value: "A+" } },
    };
    const r = await verify(lied);
    expect(outcome(r, "disclosures")).toMatchObject({ outcome: "fail", reason: expect.stringContaining("grade") });
    expect(r.valid).toBe(false);
  });

  it("fails a credential for another chain, and a batch never anchored", async () => {
    const r1 = await verify({ ...files[0], chainId: 1 });
    expect(outcome(r1, "deployment")).toMatchObject({
      outcome: "fail",
      reason: expect.stringContaining("not issued on this alliance's ledger"),
    });
    expect(outcome(r1, "network").outcome).toBe("skipped");
    const r3 = await verifyCredential(files[0], alliance.provider, { ...pinned, chainId: 1 });
    expect(outcome(r3, "deployment").outcome).toBe("fail");
    const single = sealAttestation({
      issuerId: 1,
      homeId: 2,
      courseId: 1,
      courseVersion: 1,
      term: 20261,
      credits: 250,
      studentRef: "x",
      grade: "A",
      completionDate: "2026-07-10",
    });
    const tree = buildAttestationTree([single.attestation]);
    const [unanchored] = issueCredentialFiles({
      tree,
      sealed: [single],
      chainId: files[0].chainId,
      creditLedger: files[0].creditLedger,
    });
    const r2 = await verify(unanchored);
    expect(outcome(r2, "anchored")).toMatchObject({
      outcome: "fail",
      reason: "member 1 never anchored this batch root",
    });
  });

  it("reports the home school's recognition, then a revocation", async () => {
    const [host, home] = alliance.members;
    const f = files[4];
    await recognizeAttestations(home, {
      items: [{ batchRoot: f.batchRoot, attestation: f.attestation, proof: f.proof, decide: { decision: "accept" } }],
    });
    const recognised = await verify(f);
    expect(recognised.recognition).toEqual({ status: "recognised", recognisedCredits: 250 });

    const g = files[0];
    await revokeAttestation(host, {
      record: { root: g.batchRoot, attestation: g.attestation, proof: g.proof },
      reasonCode: 9,
    });
    const revoked = await verify(g);
    expect(revoked.valid).toBe(false);
    expect(outcome(revoked, "notRevoked").reason).toMatch(/reason code 9/);
  });

  it("keeps a credential valid after its issuer is suspended: standing is judged at anchoring", async () => {
    await proposeDecision(alliance.secretariat, { action: ProposalAction.Suspend, memberId: 1 });
    const r = await verify(files[1]);
    expect(outcome(r, "issuerStanding").outcome).toBe("pass");
    await proposeDecision(alliance.secretariat, { action: ProposalAction.Reinstate, memberId: 1 });
  });
});

describe("parseCredentialFile", () => {
  it("accepts a file it wrote", () => {
    expect(parseCredentialFile(JSON.stringify(files[0]))).toEqual(files[0]);
  });

  it("names every problem with its path", () => {
    const bad = { ...files[0], version: 1, attestation: { ...files[0].attestation, credits: -1 } };
    const error = (() => {
      try {
        parseCredentialFile(JSON.stringify(bad));
      } catch (e) {
        return e;
      }
    })() as InvalidCredentialFileError;
    expect(error).toBeInstanceOf(InvalidCredentialFileError);
    expect(error.problems).toEqual(
      expect.arrayContaining([expect.stringContaining("/version"), expect.stringContaining("/attestation/credits")]),
    );
    expect(() => parseCredentialFile("{not json")).toThrow(/not JSON/);
  });
});
