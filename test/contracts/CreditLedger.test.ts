import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String, id, ZeroHash } from "ethers";
import { attestationLeafHash } from "@alliance-ledger/sdk";
import {
  A,
  acceptRequest,
  Action,
  attestation,
  B,
  batchOf,
  C,
  courseFeeAccruals,
  Decision,
  deployFixture,
  groupOf,
  P,
  packRecognition,
  recordOf,
} from "./fixture.js";

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
      const stored = await creditLedger.batch(C, batch.root);
      expect(stored.issuerId).to.equal(C);
      expect(stored.count).to.equal(2);
      expect(stored.anchoredAtBlock).to.equal(await ethers.provider.getBlockNumber());
      expect(await creditLedger.isAnchored(batch.root, batch.rows[1], batch.proof(1))).to.equal(true);
      // The record is C's: the same fields under another issuer's key are not anchored.
      await expect(creditLedger.batch(A, batch.root))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, batch.root);
    });

    it("refuses a zero root, an empty batch and a root anchored before", async () => {
      const { creditLedger, opA, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opA).anchorBatch(ZeroHash, 1)).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerZeroRoot",
      );
      await expect(creditLedger.connect(opA).anchorBatch(id("r"), 0)).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerEmptyBatch",
      );
      await expect(creditLedger.connect(opA).anchorBatch(batchAtoB.root, 8))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerBatchExists")
        .withArgs(A, batchAtoB.root);
    });
  });

  describe("anchorAttestation", () => {
    it("anchors one attestation as a one-leaf batch that recognition accepts with an empty proof", async () => {
      const { creditLedger, opA, opB, costLedger, generalCourse } = await networkHelpers.loadFixture(fixture);
      const single = attestation(A, B, generalCourse);
      const leaf = attestationLeafHash(single);
      expect(await creditLedger.attestationLeaf(single)).to.equal(leaf);
      await expect(creditLedger.connect(opA).anchorAttestation(single))
        .to.emit(creditLedger, "BatchAnchored")
        .withArgs(leaf, A, 1, opA.address);
      await creditLedger
        .connect(opB)
        .recognize([{ ...acceptRequest(batchOf([single]), 0), batchRoot: leaf, proof: [] }]);
      const status = await creditLedger.recordStatus(A, leaf, 0);
      expect([status.revoked, status.decided, status.feeAccrued]).to.deep.equal([false, true, true]);
      expect((await costLedger.memberTotals(2, B)).feesPayable).to.equal(15_000n);
    });

    it("refuses an attestation naming another issuer, a course the issuer does not host, and empty or invalid fields", async () => {
      const { creditLedger, opA, generalCourse, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      const foreign = attestation(B, C, generalCourse);
      await expect(creditLedger.connect(opA).anchorAttestation(foreign))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(attestationLeafHash(foreign), A, B);
      await expect(creditLedger.connect(opA).anchorAttestation(attestation(A, C, certifiedCourse)))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCourseHostMismatch")
        .withArgs(certifiedCourse, B, A);
      for (const invalid of [
        attestation(A, C, generalCourse, { credits: 0 }),
        attestation(A, C, generalCourse, { learnerCommitment: ZeroHash }),
        attestation(A, C, generalCourse, { index: 1 }), // a one-leaf batch has only index 0
        attestation(A, A, generalCourse), // the issuer is not its own student's home school
        attestation(A, P, generalCourse), // the home school is not Active
      ]) {
        await expect(creditLedger.connect(opA).anchorAttestation(invalid))
          .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidAttestation")
          .withArgs(attestationLeafHash(invalid));
      }
    });

    it("refuses more credits than the course version awards, and a retired course", async () => {
      const { creditLedger, catalog, opA, generalCourse } = await networkHelpers.loadFixture(fixture);
      const tooMany = attestation(A, C, generalCourse, { credits: 301 });
      await expect(creditLedger.connect(opA).anchorAttestation(tooMany))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCreditsExceedCourse")
        .withArgs(attestationLeafHash(tooMany), 301, 300);
      await catalog.connect(opA).retireCourse(generalCourse);
      await expect(creditLedger.connect(opA).anchorAttestation(attestation(A, C, generalCourse)))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCourseRetired")
        .withArgs(generalCourse);
    });
  });

  describe("revoke", () => {
    it("revokes one record with a reason, leaving the rest of the batch valid", async () => {
      const { creditLedger, opA, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 2), 3))
        .to.emit(creditLedger, "AttestationRevoked")
        .withArgs(batchAtoB.leaf(2), batchAtoB.root, A, 2, 3);
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 2)).revoked).to.equal(true);
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 3)).revoked).to.equal(false);
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 1)).revoked).to.equal(false);
    });

    it("refuses another member's record, a record outside the batch, no reason, and a second revocation", async () => {
      const { creditLedger, opA, opB, batchAtoB, batchBtoA } = await networkHelpers.loadFixture(fixture);
      const [root, leaf] = [batchAtoB.root, batchAtoB.leaf(0)];
      await expect(creditLedger.connect(opB).revoke(recordOf(batchAtoB, 0), 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(leaf, B, A);
      // B's record presented under A's root: the proof fails for a record A does not hold.
      const foreign = { ...recordOf(batchAtoB, 0), attestation: { ...batchBtoA.rows[0], issuerId: A } };
      await expect(creditLedger.connect(opA).revoke(foreign, 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(root, await creditLedger.attestationLeaf(foreign.attestation));
      await expect(creditLedger.connect(opA).revoke({ ...recordOf(batchAtoB, 0), root: id("nope") }, 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, id("nope"));
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 0)).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerMissingReason",
      );
      await creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 1);
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 2))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(leaf);
    });

    it("refuses a rotated-out key of the issuer", async () => {
      const { creditLedger, registry, opAOld, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opAOld).revoke(recordOf(batchAtoB, 0), 1))
        .to.be.revertedWithCustomError(registry, "RegistryOperatorRevoked")
        .withArgs(opAOld.address, A);
    });

    it("reverses the fee of a recognised record in the open period", async () => {
      const { creditLedger, costLedger, opA, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]);
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 5))
        .to.emit(creditLedger, "RecognitionFeeReversed")
        .withArgs(batchAtoB.leaf(0), B, A, 15_000n, 2);
      const [home, host] = [await costLedger.memberTotals(2, B), await costLedger.memberTotals(2, A)];
      expect([home.feesPayable, home.feesReceivable]).to.deep.equal([15_000n, 15_000n]);
      expect([host.feesPayable, host.feesReceivable]).to.deep.equal([15_000n, 15_000n]);
    });

    it("reverses nothing for a rejected record", async () => {
      const { creditLedger, costLedger, opA, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await creditLedger
        .connect(opB)
        .recognize([
          acceptRequest(batchAtoB, 0, { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 2 }),
        ]);
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 5)).not.to.emit(
        creditLedger,
        "RecognitionFeeReversed",
      );
      expect((await costLedger.memberTotals(2, A)).feesPayable).to.equal(0n);
    });
  });

  describe("supersede", () => {
    it("revokes a record and links the corrected record that replaces it", async () => {
      const { creditLedger, opA, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const corrected = batchOf([{ ...batchAtoB.rows[0], credits: 200 }]);
      await creditLedger.connect(opA).anchorBatch(corrected.root, 1);
      await expect(
        creditLedger.connect(opA).supersede(recordOf(batchAtoB, 0), { ...recordOf(corrected, 0), proof: [] }, 7),
      )
        .to.emit(creditLedger, "AttestationSuperseded")
        .withArgs(batchAtoB.leaf(0), corrected.leaf(0), A, corrected.root)
        .and.to.emit(creditLedger, "AttestationRevoked")
        .withArgs(batchAtoB.leaf(0), batchAtoB.root, A, 0, 7);
      expect(await creditLedger.supersededBy(batchAtoB.leaf(0))).to.equal(corrected.leaf(0));
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(0));
      await creditLedger.connect(opB).recognize([acceptRequest(corrected, 0, { proof: [] })]);
    });

    it("refuses a record as its own replacement, a revoked replacement and another issuer's replacement", async () => {
      const { creditLedger, opA, batchAtoB, batchBtoA } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opA).supersede(recordOf(batchAtoB, 1), recordOf(batchAtoB, 1), 7))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidAttestation")
        .withArgs(batchAtoB.leaf(1));
      await creditLedger.connect(opA).revoke(recordOf(batchAtoB, 2), 4);
      await expect(creditLedger.connect(opA).supersede(recordOf(batchAtoB, 1), recordOf(batchAtoB, 2), 7))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(2));
      await expect(creditLedger.connect(opA).supersede(recordOf(batchAtoB, 1), recordOf(batchBtoA, 0), 7))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(batchBtoA.leaf(0), A, B);
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 1)).revoked).to.equal(false);
    });
  });

  describe("recognize", () => {
    it("accepts, accrues the course fee to the open period, and records the decision", async () => {
      const { creditLedger, costLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const tx = creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]);
      await expect(tx)
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(0),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 0, decision: Decision.Accepted, recognisedCredits: 300, fee: 15_000n, periodId: 2 }),
        );
      await expect(tx).not.to.emit(creditLedger, "RecognitionConverted");
      const state = await creditLedger.recordStatus(A, batchAtoB.root, 0);
      expect([state.revoked, state.decided, state.feeAccrued]).to.deep.equal([false, true, true]);
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 1)).decided).to.equal(false);
      expect((await costLedger.memberTotals(2, A)).feesReceivable).to.equal(15_000n);
      expect((await costLedger.memberTotals(2, B)).feesPayable).to.equal(15_000n);
    });

    it("decides several attestations in one call: accept, convert, reject", async () => {
      const { creditLedger, costLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(
        creditLedger.connect(opB).recognize([
          acceptRequest(batchAtoB, 0),
          acceptRequest(batchAtoB, 1, {
            decision: Decision.AcceptedWithConversion,
            recognisedCredits: 200,
            localCourseRef: LOCAL,
            conversionRuleRef: RULE,
          }),
          acceptRequest(batchAtoB, 2, { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 12 }),
        ]),
      )
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(0),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 0, decision: Decision.Accepted, recognisedCredits: 300, fee: 15_000n, periodId: 2 }),
        )
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(1),
          B,
          A,
          batchAtoB.root,
          packRecognition({
            index: 1,
            decision: Decision.AcceptedWithConversion,
            recognisedCredits: 200,
            fee: 15_000n,
            periodId: 2,
          }),
        )
        .and.to.emit(creditLedger, "RecognitionConverted")
        .withArgs(batchAtoB.leaf(1), LOCAL, RULE)
        .and.to.emit(creditLedger, "RecognitionDecided")
        // A rejection accrues no fee, so it names no period.
        .withArgs(
          batchAtoB.leaf(2),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 2, decision: Decision.Rejected, rejectReason: 12 }),
        );
      const flags = async (i: number) => {
        const s = await creditLedger.recordStatus(A, batchAtoB.root, i);
        return [s.decided, s.feeAccrued];
      };
      expect(await flags(1)).to.deep.equal([true, true]);
      expect(await flags(2)).to.deep.equal([true, false]);
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
        {
          decision: Decision.AcceptedWithConversion,
          recognisedCredits: 200,
          localCourseRef: LOCAL,
          conversionRuleRef: RULE,
        },
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
      await expect(
        creditLedger
          .connect(opB)
          .recognize([acceptRequest(batchAtoB, 0, { attestation: altered, recognisedCredits: 600 })]),
      )
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(batchAtoB.root, attestationLeafHash(altered));
    });

    it("checks the proof before anything else about the record", async () => {
      const { creditLedger, opC, batchAtoB } = await networkHelpers.loadFixture(fixture);
      // An altered record of another school's student, in a batch nobody anchored: the proof fails first.
      const altered = { ...batchAtoB.rows[0], credits: 600 };
      await expect(
        creditLedger
          .connect(opC)
          .recognize([
            acceptRequest(batchAtoB, 0, { attestation: altered, recognisedCredits: 600, batchRoot: id("unanchored") }),
          ]),
      )
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(id("unanchored"), attestationLeafHash(altered));
      // With its true fields it proves, and then it is refused as not C's student.
      await expect(creditLedger.connect(opC).recognize([acceptRequest(batchAtoB, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotHomeMember")
        .withArgs(batchAtoB.leaf(0), C, B);
    });

    it("refuses an unknown batch, and a leaf naming an issuer that did not anchor it", async () => {
      const { creditLedger, opA, opB, generalCourse } = await networkHelpers.loadFixture(fixture);
      const forged = batchOf([attestation(C, B, generalCourse)]); // A anchors a leaf claiming C issued it
      await expect(creditLedger.connect(opB).recognize([acceptRequest(forged, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(C, forged.root);
      await creditLedger.connect(opA).anchorBatch(forged.root, 1);
      // The leaf's issuer selects the batch: A's copy of the root is not C's batch.
      await expect(creditLedger.connect(opB).recognize([acceptRequest(forged, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(C, forged.root);
    });

    it("refuses a record whose index is not below its batch's count", async () => {
      const { creditLedger, opA, opB, generalCourse } = await networkHelpers.loadFixture(fixture);
      const batch = batchOf([
        attestation(A, B, generalCourse),
        attestation(A, B, generalCourse),
        attestation(A, B, generalCourse),
      ]);
      await creditLedger.connect(opA).anchorBatch(batch.root, 2); // anchored with a count short of the tree
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batch, 2)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerIndexOutOfRange")
        .withArgs(batch.leaf(2), 2, 2);
      await creditLedger.connect(opB).recognize([acceptRequest(batch, 1)]);
    });

    it("refuses more credits than the course version awards", async () => {
      const { creditLedger, opA, opB, generalCourse } = await networkHelpers.loadFixture(fixture);
      const batch = batchOf([attestation(A, B, generalCourse, { credits: 450 })]);
      await creditLedger.connect(opA).anchorBatch(batch.root, 1);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batch, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCreditsExceedCourse")
        .withArgs(batch.leaf(0), 450, 300);
    });

    it("accrues one sum per host for a call that decides records of several hosts", async () => {
      const { creditLedger, costLedger, opA, opC, generalCourse, certifiedCourse, opB } =
        await networkHelpers.loadFixture(fixture);
      const fromA = batchOf([attestation(A, C, generalCourse), attestation(A, C, generalCourse, { credits: 100 })]);
      const fromB = batchOf([attestation(B, C, certifiedCourse, { credits: 250 })]);
      await creditLedger.connect(opA).anchorBatch(fromA.root, 2);
      await creditLedger.connect(opB).anchorBatch(fromB.root, 1);
      await creditLedger
        .connect(opC)
        .recognize([acceptRequest(fromA, 0), acceptRequest(fromB, 0), acceptRequest(fromA, 1)]);
      expect((await costLedger.memberTotals(2, A)).feesReceivable).to.equal(15_000n + 5_000n);
      expect((await costLedger.memberTotals(2, B)).feesReceivable).to.equal(20_000n);
      expect((await costLedger.memberTotals(2, C)).feesPayable).to.equal(40_000n);
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
      // Nor twice within one call.
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 1), acceptRequest(batchAtoB, 1)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(1));
    });

    it("refuses more credits than attested", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(
        creditLedger.connect(opB).recognize([
          acceptRequest(batchAtoB, 0, {
            decision: Decision.AcceptedWithConversion,
            recognisedCredits: 301,
            localCourseRef: LOCAL,
            conversionRuleRef: RULE,
          }),
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
        {
          decision: Decision.AcceptedWithConversion,
          recognisedCredits: 0,
          localCourseRef: LOCAL,
          conversionRuleRef: RULE,
        },
        { decision: Decision.Rejected, recognisedCredits: 100, rejectReason: 1 },
      ]) {
        await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0, overrides)]))
          .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidDecision")
          .withArgs(leaf, overrides.decision);
      }
      await expect(
        creditLedger
          .connect(opB)
          .recognize([acceptRequest(batchAtoB, 0, { decision: Decision.Rejected, recognisedCredits: 0 })]),
      ).to.be.revertedWithCustomError(creditLedger, "CreditLedgerMissingReason");
    });

    it("refuses an empty request", async () => {
      const { creditLedger, opB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opB).recognize([])).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerEmptyRequest",
      );
    });

    it("is all or nothing: one bad request reverts the whole call", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(
        creditLedger
          .connect(opB)
          .recognize([acceptRequest(batchAtoB, 0), acceptRequest(batchAtoB, 1, { recognisedCredits: 1 })]),
      ).to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidDecision");
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 0)).decided).to.equal(false);
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
        .recognize([
          acceptRequest(batchAtoB, 0, { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 2 }),
        ]);
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

  describe("recognizeBatches", () => {
    const convert = {
      decision: Decision.AcceptedWithConversion,
      recognisedCredits: 200,
      localCourseRef: LOCAL,
      conversionRuleRef: RULE,
    };
    const reject = (rejectReason: number) => ({ decision: Decision.Rejected, recognisedCredits: 0, rejectReason });
    const status = async (
      creditLedger: Awaited<ReturnType<typeof fixture>>["creditLedger"],
      issuer: number,
      root: string,
      i: number,
    ) => {
      const s = await creditLedger.recordStatus(issuer, root, i);
      return [s.revoked, s.decided, s.feeAccrued];
    };

    it("decides several records of one batch under one multiproof: accept, convert, reject", async () => {
      const { creditLedger, costLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const group = groupOf(batchAtoB, [0, [2, convert], [3, reject(5)], 5]);
      // One multiproof: fewer sibling hashes than four single proofs of a three-level tree.
      expect(group.attestations).to.have.length(4);
      expect(group.proof.length).to.be.lessThan(4 * 3);
      expect([...group.order].sort()).to.deep.equal([0, 2, 3, 5]);

      const tx = await creditLedger.connect(opB).recognizeBatches([group]);
      await expect(tx)
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(0),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 0, decision: Decision.Accepted, recognisedCredits: 300, fee: 15_000n, periodId: 2 }),
        )
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(2),
          B,
          A,
          batchAtoB.root,
          packRecognition({
            index: 2,
            decision: Decision.AcceptedWithConversion,
            recognisedCredits: 200,
            fee: 15_000n,
            periodId: 2,
          }),
        )
        .and.to.emit(creditLedger, "RecognitionConverted")
        .withArgs(batchAtoB.leaf(2), LOCAL, RULE)
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(3),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 3, decision: Decision.Rejected, rejectReason: 5 }),
        )
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(5),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 5, decision: Decision.Accepted, recognisedCredits: 300, fee: 15_000n, periodId: 2 }),
        );
      const receipt = (await tx.wait())!;
      const names = receipt.logs.map((l) => creditLedger.interface.parseLog(l)?.name);
      expect(names.filter((n) => n === "RecognitionDecided")).to.have.length(4);
      expect(names.filter((n) => n === "RecognitionConverted")).to.have.length(1);

      // The three acceptances' fees (the conversion's too: it is for the teaching delivered) in one accrual.
      expect(await courseFeeAccruals(ethers, costLedger, tx.hash)).to.deep.equal([
        { payerId: B, payeeId: A, amount: 45_000n },
      ]);
      expect((await costLedger.memberTotals(2, A)).feesReceivable).to.equal(45_000n);
      expect((await costLedger.memberTotals(2, B)).feesPayable).to.equal(45_000n);

      for (const i of [0, 2, 5])
        expect(await status(creditLedger, A, batchAtoB.root, i)).to.deep.equal([false, true, true]);
      expect(await status(creditLedger, A, batchAtoB.root, 3)).to.deep.equal([false, true, false]);
      for (const i of [1, 4])
        expect(await status(creditLedger, A, batchAtoB.root, i)).to.deep.equal([false, false, false]);
      // The records are decided for recognize too (one code path).
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 3)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(3));
      await creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 1)]);
    });

    it("decides records of two batches in one call, each under its own multiproof, with one accrual per host", async () => {
      const { creditLedger, costLedger, opB, opC, batchAtoB, certifiedCourse } =
        await networkHelpers.loadFixture(fixture);
      const fromB = batchOf(Array.from({ length: 3 }, () => attestation(B, C, certifiedCourse, { credits: 250 })));
      await creditLedger.connect(opB).anchorBatch(fromB.root, 3);
      // A's batch: records 6 (3.00 credits) and 7 (1.50 credits) are C's students.
      const groups = [groupOf(batchAtoB, [6, [7, reject(4)]]), groupOf(fromB, [0, 2])];
      const tx = await creditLedger.connect(opC).recognizeBatches(groups);
      await expect(tx)
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(6),
          C,
          A,
          batchAtoB.root,
          packRecognition({ index: 6, decision: Decision.Accepted, recognisedCredits: 300, fee: 15_000n, periodId: 2 }),
        )
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(7),
          C,
          A,
          batchAtoB.root,
          packRecognition({ index: 7, decision: Decision.Rejected, rejectReason: 4 }),
        )
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          fromB.leaf(0),
          C,
          B,
          fromB.root,
          packRecognition({ index: 0, decision: Decision.Accepted, recognisedCredits: 250, fee: 20_000n, periodId: 2 }),
        )
        .and.to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          fromB.leaf(2),
          C,
          B,
          fromB.root,
          packRecognition({ index: 2, decision: Decision.Accepted, recognisedCredits: 250, fee: 20_000n, periodId: 2 }),
        );
      expect(await courseFeeAccruals(ethers, costLedger, tx.hash)).to.deep.equal([
        { payerId: C, payeeId: A, amount: 15_000n },
        { payerId: C, payeeId: B, amount: 40_000n },
      ]);
      expect((await costLedger.memberTotals(2, C)).feesPayable).to.equal(55_000n);
      expect(await status(creditLedger, A, batchAtoB.root, 6)).to.deep.equal([false, true, true]);
      expect(await status(creditLedger, A, batchAtoB.root, 7)).to.deep.equal([false, true, false]);
      expect(await status(creditLedger, B, fromB.root, 0)).to.deep.equal([false, true, true]);
      expect(await status(creditLedger, B, fromB.root, 1)).to.deep.equal([false, false, false]);
      expect(await status(creditLedger, B, fromB.root, 2)).to.deep.equal([false, true, true]);
    });

    it("decides a one-leaf batch with an empty multiproof", async () => {
      const { creditLedger, opA, opB, generalCourse } = await networkHelpers.loadFixture(fixture);
      const single = batchOf([attestation(A, B, generalCourse)]);
      await creditLedger.connect(opA).anchorAttestation(single.rows[0]);
      const group = groupOf(single, [0]);
      expect([group.root, group.proof, group.proofFlags]).to.deep.equal([single.leaf(0), [], []]);
      await expect(creditLedger.connect(opB).recognizeBatches([group]))
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          single.leaf(0),
          B,
          A,
          single.leaf(0),
          packRecognition({ index: 0, decision: Decision.Accepted, recognisedCredits: 300, fee: 15_000n, periodId: 2 }),
        );
    });

    it("refuses no groups, an empty group and a group whose decisions do not match its attestations", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.connect(opB).recognizeBatches([])).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerEmptyRequest",
      );
      const group = groupOf(batchAtoB, [0, 1]);
      const empty = { ...group, attestations: [], decisions: [] };
      await expect(creditLedger.connect(opB).recognizeBatches([group, empty])).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerEmptyRequest",
      );
      await expect(creditLedger.connect(opB).recognizeBatches([{ ...group, decisions: group.decisions.slice(1) }]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerDecisionCountMismatch")
        .withArgs(2, 1);
    });

    it("refuses a multiproof whose attestations are not in the order of its leaves", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const group = groupOf(batchAtoB, [0, 3, 4]);
      const reordered = {
        ...group,
        attestations: [...group.attestations].reverse(),
        decisions: [...group.decisions].reverse(),
      };
      await expect(creditLedger.connect(opB).recognizeBatches([reordered]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(batchAtoB.root, attestationLeafHash(reordered.attestations[0]));
      // Another record's multiproof does not prove this one either.
      const other = groupOf(batchAtoB, [1, 3, 4]);
      await expect(creditLedger.connect(opB).recognizeBatches([{ ...other, attestations: group.attestations }]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
        .withArgs(batchAtoB.root, attestationLeafHash(group.attestations[0]));
    });

    it("applies recognize's rules to each record, all or nothing", async () => {
      const { creditLedger, costLedger, opA, batchBtoA, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      // The certified course may not be converted to fewer credits, even beside a valid acceptance.
      const group = groupOf(batchBtoA, [0, [1, convert], 2]);
      await expect(creditLedger.connect(opA).recognizeBatches([group]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCertifiedCourseMustBeRecognised")
        .withArgs(certifiedCourse, batchBtoA.leaf(1));
      await expect(creditLedger.connect(opA).recognizeBatches([groupOf(batchBtoA, [0, [1, { recognisedCredits: 0 }]])]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCertifiedCourseMustBeRecognised")
        .withArgs(certifiedCourse, batchBtoA.leaf(1));
      for (const i of [0, 1, 2])
        expect(await status(creditLedger, B, batchBtoA.root, i)).to.deep.equal([false, false, false]);
      expect((await costLedger.memberTotals(2, A)).feesPayable).to.equal(0n);
    });

    it("refuses an acceptance when no cost period is open, and decides a rejection without one", async () => {
      const { creditLedger, costLedger, secretariat, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await costLedger.connect(secretariat).closePeriod(2, id("report 2"), [0, 0, 0]);
      await expect(
        creditLedger.connect(opB).recognizeBatches([groupOf(batchAtoB, [0, [1, reject(2)]])]),
      ).to.be.revertedWithCustomError(costLedger, "CostLedgerNoOpenPeriod");
      await expect(
        creditLedger.connect(opB).recognizeBatches([
          groupOf(batchAtoB, [
            [0, reject(2)],
            [1, reject(3)],
          ]),
        ]),
      )
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          batchAtoB.leaf(1),
          B,
          A,
          batchAtoB.root,
          packRecognition({ index: 1, decision: Decision.Rejected, rejectReason: 3 }),
        );
    });

    it("emits each conversion's RecognitionConverted earlier in the same transaction than its RecognitionDecided", async () => {
      const { creditLedger, opB, batchAtoB } = await networkHelpers.loadFixture(fixture);
      const tx = await creditLedger
        .connect(opB)
        .recognizeBatches([groupOf(batchAtoB, [0, [1, convert], [2, convert], 3])]);
      const logs = (await tx.wait())!.logs.map((l) => creditLedger.interface.parseLog(l)).filter((l) => l !== null);
      const converted = logs.flatMap((log, k) => (log.name === "RecognitionConverted" ? [[k, log.args.leaf]] : []));
      expect(converted).to.have.length(2);
      for (const [k, leaf] of converted) {
        const decided = logs.findIndex((log) => log.name === "RecognitionDecided" && log.args.leaf === leaf);
        expect(decided).to.be.greaterThan(k as number);
      }
    });
  });

  describe("views", () => {
    it("refuses to describe an unknown batch, and answers isAnchored and recordStatus", async () => {
      const { creditLedger, batchAtoB } = await networkHelpers.loadFixture(fixture);
      await expect(creditLedger.batch(A, id("x")))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, id("x"));
      expect(await creditLedger.isAnchored(id("x"), batchAtoB.rows[0], [])).to.equal(false);
      expect(await creditLedger.isAnchored(batchAtoB.root, batchAtoB.rows[0], batchAtoB.proof(0))).to.equal(true);
      expect(await creditLedger.isAnchored(batchAtoB.root, batchAtoB.rows[0], batchAtoB.proof(1))).to.equal(false);
      const unrevoked = await creditLedger.recordStatus(A, id("x"), 5);
      expect([unrevoked.revoked, unrevoked.decided, unrevoked.feeAccrued]).to.deep.equal([false, false, false]);
    });
  });
});
