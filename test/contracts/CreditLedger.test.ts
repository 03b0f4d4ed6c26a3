import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String, id, ZeroHash } from "ethers";
import { attestationLeafHash } from "@alliance-ledger/sdk";
import { A, acceptRequest, Action, attestation, B, batchOf, C, Decision, deployFixture, P } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
const LOCAL = encodeBytes32String("LOCAL-CS-1");
const RULE = encodeBytes32String("rule-2026-03");

describe("CreditLedger", () => {
  describe("anchorBatch", () => {
    it("anchors a root for the caller's member", async () => {
      const { creditLedger, opC } = await networkHelpers.loadFixture(fixture);
      const batch = batchOf([attestation(C, A, 1), attestation(C, B, 1)]);
      await expect(creditLedger.connect(opC).anchorBatch(batch.root, 2))
        .to.emit(creditLedger, "BatchAnchored")
        .withArgs(batch.root, C, 2, opC.address);
      const stored = await creditLedger.batch(batch.root);
      expect(stored.issuerId).to.equal(C);
      expect(stored.count).to.equal(2);
      expect(stored.anchoredAtBlock).to.equal(await ethers.provider.getBlockNumber());
      expect(await creditLedger.isAnchored(batch.root, batch.leaf(1), batch.proof(1))).to.equal(true);
    });

    it("refuses a zero root, an empty batch and a root anchored before", async () => {
      const { creditLedger, opA, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opA).anchorBatch(ZeroHash, 1)).to.be.revertedWithCustomError(creditLedger, "CreditLedgerZeroRoot");
      await expect(creditLedger.connect(opA).anchorBatch(id("r"), 0)).to.be.revertedWithCustomError(creditLedger, "CreditLedgerEmptyBatch");
      await expect(creditLedger.connect(opA).anchorBatch(batchAtoB.root, 8))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerBatchExists")
        .withArgs(batchAtoB.root);
    });
  });

  describe("anchorAttestation", () => {
    it("anchors one attestation as a one-leaf batch that recognition accepts with an empty proof", async () => {
      const { creditLedger, opA, opB, costLedger, generalCourse } = await networkHelpers.loadFixture(fixture);
      const single = attestation(A, B, generalCourse);
      const leaf = attestationLeafHash(single);
      expect(await creditLedger.attestationLeaf(single)).to.equal(leaf);
      await expect(creditLedger.connect(opA).anchorAttestation(single)).to.emit(creditLedger, "BatchAnchored").withArgs(leaf, A, 1, opA.address);
      await creditLedger.connect(opB).recognize([
        { ...acceptRequest(batchOf([single]), 0), batchRoot: leaf, proof: [] },
      ]);
      expect((await creditLedger.leafState(leaf)).decision).to.equal(Decision.Accepted);
      expect((await costLedger.memberTotals(2, B)).feesPayable).to.equal(15_000n);
    });

    it("refuses an attestation naming another issuer, a course the issuer does not host, and empty fields", async () => {
      const { creditLedger, opA, generalCourse, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      const foreign = attestation(B, C, generalCourse);
      await expect(creditLedger.connect(opA).anchorAttestation(foreign))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(attestationLeafHash(foreign), A, B);
      await expect(creditLedger.connect(opA).anchorAttestation(attestation(A, C, certifiedCourse)))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCourseHostMismatch")
        .withArgs(certifiedCourse, B, A);
      const empty = attestation(A, C, generalCourse, { credits: 0 });
      await expect(creditLedger.connect(opA).anchorAttestation(empty))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidAttestation")
        .withArgs(attestationLeafHash(empty));
    });
  });

  describe("revoke", () => {
    it("revokes one attestation with a reason, leaving the rest of the batch valid", async () => {
      const { creditLedger, opA, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opA).revoke(batchAtoB.root, batchAtoB.leaf(2), batchAtoB.proof(2), 3))
        .to.emit(creditLedger, "AttestationRevoked")
        .withArgs(batchAtoB.leaf(2), batchAtoB.root, A, 3);
      expect(await creditLedger.isRevoked(batchAtoB.leaf(2))).to.equal(true);
      expect(await creditLedger.isRevoked(batchAtoB.leaf(3))).to.equal(false);
      expect((await creditLedger.leafState(batchAtoB.leaf(2))).revocationReason).to.equal(3);
    });

    it("refuses another member's batch, a leaf outside the batch, no reason, and a second revocation", async () => {
      const { creditLedger, opA, opB, batchAtoB, batchBtoA } = await networkHelpers.loadFixture(fixture);
      const [root, leaf, proof] = [batchAtoB.root, batchAtoB.leaf(0), batchAtoB.proof(0)];
      await expect(creditLedger.connect(opB).revoke(root, leaf, proof, 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(root, B, A);
      await expect(creditLedger.connect(opA).revoke(root, batchBtoA.leaf(0), proof, 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(root, batchBtoA.leaf(0));
      await expect(creditLedger.connect(opA).revoke(id("nope"), leaf, proof, 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(id("nope"));
      await expect(creditLedger.connect(opA).revoke(root, leaf, proof, 0)).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerMissingReason",
      );
      await creditLedger.connect(opA).revoke(root, leaf, proof, 1);
      await expect(creditLedger.connect(opA).revoke(root, leaf, proof, 2))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(leaf, 1);
    });
  });

  describe("supersede", () => {
    it("revokes a record and links the corrected record that replaces it", async () => {
      const { creditLedger, opA, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const corrected = batchOf([{ ...batchAtoB.rows[0], credits: 200 }]);
      await creditLedger.connect(opA).anchorBatch(corrected.root, 1);
      await expect(
        creditLedger
          .connect(opA)
          .supersede(batchAtoB.root, batchAtoB.leaf(0), batchAtoB.proof(0), corrected.root, corrected.leaf(0), [], 7),
      )
        .to.emit(creditLedger, "AttestationSuperseded")
        .withArgs(batchAtoB.leaf(0), corrected.leaf(0), A);
      expect(await creditLedger.supersededBy(batchAtoB.leaf(0))).to.equal(corrected.leaf(0));
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(0), 7);
      await creditLedger.connect(opB).recognize([acceptRequest(corrected, 0, { proof: [] })]);
    });

    it("refuses a record as its own replacement and a revoked replacement", async () => {
      const { creditLedger, opA, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const [root, leaf1, proof1, leaf2, proof2] = [batchAtoB.root, batchAtoB.leaf(1), batchAtoB.proof(1), batchAtoB.leaf(2), batchAtoB.proof(2)];
      await expect(creditLedger.connect(opA).supersede(root, leaf1, proof1, root, leaf1, proof1, 7))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidAttestation")
        .withArgs(leaf1);
      await creditLedger.connect(opA).revoke(root, leaf2, proof2, 4);
      await expect(creditLedger.connect(opA).supersede(root, leaf1, proof1, root, leaf2, proof2, 7))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(leaf2, 4);
    });
  });

  describe("recognize", () => {
    it("accepts, accrues the course fee to the open period, and records the decision", async () => {
      const { creditLedger, costLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]))
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(batchAtoB.leaf(0), B, A, batchAtoB.root, Decision.Accepted, 300, ZeroHash, ZeroHash, 0, 15_000n, 2);
      const state = await creditLedger.leafState(batchAtoB.leaf(0));
      expect(state.decision).to.equal(Decision.Accepted);
      expect(state.recognisedCredits).to.equal(300);
      expect(state.periodId).to.equal(2);
      expect((await costLedger.memberTotals(2, A)).feesReceivable).to.equal(15_000n);
      expect((await costLedger.memberTotals(2, B)).feesPayable).to.equal(15_000n);
    });

    it("decides several attestations in one call: accept, convert, reject", async () => {
      const { creditLedger, costLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await creditLedger.connect(opB).recognize([
        acceptRequest(batchAtoB, 0),
        acceptRequest(batchAtoB, 1, { decision: Decision.AcceptedWithConversion, recognisedCredits: 200, localCourseRef: LOCAL, conversionRuleRef: RULE }),
        acceptRequest(batchAtoB, 2, { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 12 }),
      ]);
      expect((await creditLedger.leafState(batchAtoB.leaf(1))).recognisedCredits).to.equal(200);
      expect((await creditLedger.leafState(batchAtoB.leaf(2))).decision).to.equal(Decision.Rejected);
      // The fee is for the teaching delivered: attested credits, for both accepted records; none when rejected.
      expect((await costLedger.memberTotals(2, B)).feesPayable).to.equal(30_000n);
    });

    it("accepts a certified course for all attested credits", async () => {
      const { creditLedger, costLedger, opA, batchBtoA } = await networkHelpers.loadFixture(fixture);
      await creditLedger.connect(opA).recognize([acceptRequest(batchBtoA, 0)]);
      // 2.5 credits x 8,000 per credit = 20,000 minor units
      expect((await costLedger.memberTotals(2, B)).feesReceivable).to.equal(20_000n);
    });

    it("refuses to reject a certified course, or to convert it to fewer credits", async () => {
      const { creditLedger, opA, batchBtoA, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      const leaf = batchBtoA.leaf(0);
      for (const overrides of [
        { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 1 },
        { decision: Decision.AcceptedWithConversion, recognisedCredits: 200, localCourseRef: LOCAL, conversionRuleRef: RULE },
      ]) {
        await expect(creditLedger.connect(opA).recognize([acceptRequest(batchBtoA, 0, overrides)]))
          .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCertifiedCourseMustBeRecognised")
          .withArgs(certifiedCourse, leaf);
      }
    });

    it("refuses a decision by a school that is not the home school", async () => {
      const { creditLedger, opC, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opC).recognize([acceptRequest(batchAtoB, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotHomeMember")
        .withArgs(batchAtoB.leaf(0), C, B);
    });

    it("refuses an altered field, since the proof no longer verifies", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const altered = { ...batchAtoB.rows[0], credits: 600 };
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0, { attestation: altered, recognisedCredits: 600 })]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(batchAtoB.root, attestationLeafHash(altered));
    });

    it("refuses an unknown batch and a leaf whose issuer is not the batch's issuer", async () => {
      const { creditLedger, opA, opB, generalCourse } = await networkHelpers.loadFixture(fixture);
      const forged = batchOf([attestation(C, B, generalCourse)]); // A anchors a leaf claiming C issued it
      await expect(creditLedger.connect(opB).recognize([acceptRequest(forged, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(forged.root);
      await creditLedger.connect(opA).anchorBatch(forged.root, 1);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(forged, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerIssuerMismatch")
        .withArgs(forged.leaf(0), C, A);
    });

    it("refuses a course the issuer does not host", async () => {
      const { creditLedger, opA, opB, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      const wrongCourse = batchOf([attestation(A, B, certifiedCourse)]);
      await creditLedger.connect(opA).anchorBatch(wrongCourse.root, 1);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(wrongCourse, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCourseHostMismatch")
        .withArgs(certifiedCourse, B, A);
    });

    it("refuses a second decision on the same record", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(0));
    });

    it("refuses more credits than attested", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(
        creditLedger.connect(opB).recognize([
          acceptRequest(batchAtoB, 0, { decision: Decision.AcceptedWithConversion, recognisedCredits: 301, localCourseRef: LOCAL, conversionRuleRef: RULE }),
        ]),
      )
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCreditsExceedAttested")
        .withArgs(batchAtoB.leaf(0), 301, 300);
    });

    it("refuses inconsistent decisions", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const leaf = batchAtoB.leaf(0);
      for (const overrides of [
        { decision: Decision.None },
        { decision: Decision.Accepted, recognisedCredits: 200 },
        { decision: Decision.AcceptedWithConversion, recognisedCredits: 200 }, // no local course / rule
        { decision: Decision.AcceptedWithConversion, recognisedCredits: 0, localCourseRef: LOCAL, conversionRuleRef: RULE },
        { decision: Decision.Rejected, recognisedCredits: 100, rejectReason: 1 },
      ]) {
        await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0, overrides)]))
          .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidDecision")
          .withArgs(leaf, overrides.decision);
      }
      await expect(
        creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0, { decision: Decision.Rejected, recognisedCredits: 0 })]),
      ).to.be.revertedWithCustomError(creditLedger, "CreditLedgerMissingReason");
    });

    it("refuses an empty request", async () => {
      const { creditLedger, opB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opB).recognize([])).to.be.revertedWithCustomError(creditLedger, "CreditLedgerEmptyRequest");
    });

    it("is all or nothing: one bad request reverts the whole call", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(
        creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0), acceptRequest(batchAtoB, 1, { recognisedCredits: 1 })]),
      ).to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidDecision");
      expect((await creditLedger.leafState(batchAtoB.leaf(0))).decision).to.equal(Decision.None);
    });

    it("refuses an acceptance when no cost period is open", async () => {
      const { creditLedger, costLedger, secretariat, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await costLedger.connect(secretariat).closePeriod(2, id("report 2"), [0, 0, 0]);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)])).to.be.revertedWithCustomError(
        costLedger,
        "CostLedgerNoOpenPeriod",
      );
      // A rejection accrues nothing, so it needs no period.
      await creditLedger
        .connect(opB)
        .recognize([acceptRequest(batchAtoB, 0, { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 2 })]);
    });

    it("refuses an acceptance by a member admitted after the period opened", async () => {
      const { creditLedger, costLedger, opA, opP, decide, generalCourse } = await networkHelpers.loadFixture(fixture);
      await decide(Action.Admit, P);
      const batch = batchOf([attestation(A, P, generalCourse)]);
      await creditLedger.connect(opA).anchorBatch(batch.root, 1);
      await expect(creditLedger.connect(opP).recognize([acceptRequest(batch, 0)]))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerMemberNotInPeriod")
        .withArgs(2, P);
    });
  });

  describe("views", () => {
    it("refuses to describe an unknown batch", async () => {
      const { creditLedger } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.batch(id("x"))).to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch");
      expect(await creditLedger.isAnchored(id("x"), id("y"), [])).to.equal(false);
    });
  });
});
