import { expect } from "chai";
import { network } from "hardhat";
import { AbiCoder, id, keccak256, ZeroHash } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  ATTESTATION_LEAF_TYPES,
  attestationLeafHash,
  attestationLeafValues,
  deployAlliance,
} from "@alliance-ledger/sdk";
import {
  A,
  acceptRequest,
  Action,
  attestation,
  B,
  batchOf,
  C,
  courseTerms,
  Decision,
  deployFixture,
  EntryKind,
  FIXTURE_PROPOSALS,
  groupOf,
  P,
  packRecognition,
  PROPOSAL_LIFETIME,
  recordOf,
  ROLES,
  CHARTER,
  S,
  sharesHash,
  Tier,
  type Fixture,
} from "../fixture.js";

/**
 * The hostile-member suite: each `describe` plays one attack by a member, the secretariat or a
 * councillor acting against the alliance's rules, and asserts the contracts refuse it with the specific
 * custom error; where useful, a control shows the legitimate party can still do what the attacker
 * could not. Members as in the fixture: A hosts the general course, B the certified one, C is a
 * vocational college; S is suspended, W withdrawn, P pending. Period 2 is open.
 */
const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
const PERIOD = 2;

/** The entry id the cost ledger gives member `memberId`'s entry with reference `memberRef`. */
const entryIdOf = (memberId: number, memberRef: string) =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "bytes32"], [memberId, memberRef]));

const cashClaim = (memberRef: string, amount = 1_000n, overrides: Record<string, unknown> = {}) => ({
  memberRef,
  periodId: PERIOD,
  kind: EntryKind.CashContribution,
  amount,
  category: ZeroHash,
  quantity: 0n,
  unitValue: 0n,
  reverses: ZeroHash,
  evidenceHash: id(`evidence ${memberRef}`),
  ...overrides,
});

/** The latest proposal's id, after a propose call. */
const lastProposal = (f: Fixture) => f.registry.proposalCount();

/** Every listed member's net position in the open period if it closed now with no cost entries. */
async function feeNets(f: Fixture) {
  const nets: bigint[] = [];
  for (const m of f.members) {
    const t = await f.costLedger.memberTotals(PERIOD, m);
    nets.push(t.contributed + t.expensesPaid + t.feesReceivable - t.feesPayable);
  }
  return nets;
}

describe("Hostile member", () => {
  describe("Attack 1: revoking or superseding another member's record", () => {
    // C (the attacker) goes after A's record 0, a course record of one of B's students.
    async function attackerHoldsVictimLeaf() {
      const f = await networkHelpers.loadFixture(fixture);
      const victimLeaf = f.batchAtoB.leaf(0);
      // The attacker anchors the victim's leaf as its own one-leaf batch.
      await expect(f.creditLedger.connect(f.opC).anchorBatch(victimLeaf, 1))
        .to.emit(f.creditLedger, "BatchAnchored")
        .withArgs(victimLeaf, C, 1, f.opC.address);
      return { f, victimLeaf };
    }

    it("refuses the attacker's revocation of the victim's record through the attacker's one-leaf batch", async () => {
      const { f, victimLeaf } = await attackerHoldsVictimLeaf();
      const throughCopy = { root: victimLeaf, attestation: f.batchAtoB.rows[0], proof: [] };
      await expect(f.creditLedger.connect(f.opC).revoke(throughCopy, 1))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
        .withArgs(victimLeaf, C, A);
    });

    it("refuses the attacker's revocation with the victim's own record fields", async () => {
      const { f, victimLeaf } = await attackerHoldsVictimLeaf();
      await expect(f.creditLedger.connect(f.opC).revoke(recordOf(f.batchAtoB, 0), 1))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
        .withArgs(victimLeaf, C, A);
    });

    it("refuses the record with its issuer rewritten to the attacker: the leaf changes and no longer proves", async () => {
      const { f, victimLeaf } = await attackerHoldsVictimLeaf();
      const rewritten = { ...f.batchAtoB.rows[0], issuerId: C };
      await expect(f.creditLedger.connect(f.opC).revoke({ root: victimLeaf, attestation: rewritten, proof: [] }, 1))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerInvalidProof")
        .withArgs(victimLeaf, attestationLeafHash(rewritten));
    });

    it("leaves the victim's record unrevoked and recognisable by the home school", async () => {
      const { f, victimLeaf } = await attackerHoldsVictimLeaf();
      for (const attempt of [
        recordOf(f.batchAtoB, 0),
        { root: victimLeaf, attestation: f.batchAtoB.rows[0], proof: [] },
      ]) {
        await expect(f.creditLedger.connect(f.opC).revoke(attempt, 1))
          .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
          .withArgs(victimLeaf, C, A);
      }
      expect((await f.creditLedger.recordStatus(A, f.batchAtoB.root, 0)).revoked).to.equal(false);
      // Recognition through the attacker's copy does not find the victim's batch...
      await expect(
        f.creditLedger
          .connect(f.opB)
          .recognize([{ ...acceptRequest(f.batchAtoB, 0), batchRoot: victimLeaf, proof: [] }]),
      )
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, victimLeaf);
      // ...and the victim's own batch is recognised as before.
      await expect(f.creditLedger.connect(f.opB).recognize([acceptRequest(f.batchAtoB, 0)]))
        .to.emit(f.creditLedger, "RecognitionDecided")
        .withArgs(
          victimLeaf,
          B,
          A,
          f.batchAtoB.root,
          packRecognition({
            index: 0,
            decision: Decision.Accepted,
            recognisedCredits: 300,
            fee: 15_000n,
            periodId: PERIOD,
          }),
        );
    });

    it("refuses the attacker's supersede of the victim's record by the attacker's record", async () => {
      const { f, victimLeaf } = await attackerHoldsVictimLeaf();
      const own = batchOf([attestation(C, B, f.generalCourse)]);
      await f.creditLedger.connect(f.opC).anchorBatch(own.root, 1);
      await expect(
        f.creditLedger.connect(f.opC).supersede(recordOf(f.batchAtoB, 0), { ...recordOf(own, 0), proof: [] }, 1),
      )
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
        .withArgs(victimLeaf, C, A);
      const throughCopy = { root: victimLeaf, attestation: f.batchAtoB.rows[0], proof: [] };
      await expect(f.creditLedger.connect(f.opC).supersede(throughCopy, { ...recordOf(own, 0), proof: [] }, 1))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
        .withArgs(victimLeaf, C, A);
      expect(await f.creditLedger.supersededBy(victimLeaf)).to.equal(ZeroHash);
      expect((await f.creditLedger.recordStatus(A, f.batchAtoB.root, 0)).revoked).to.equal(false);
    });

    it("refuses a supersede that points a record at another member's record, even by the record's issuer", async () => {
      const { f } = await attackerHoldsVictimLeaf();
      const attackers = batchOf([attestation(C, B, f.generalCourse)]);
      await f.creditLedger.connect(f.opC).anchorBatch(attackers.root, 1);
      await expect(
        f.creditLedger.connect(f.opA).supersede(recordOf(f.batchAtoB, 0), { ...recordOf(attackers, 0), proof: [] }, 1),
      )
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
        .withArgs(attackers.leaf(0), A, C);
    });

    it("control: the victim revokes and supersedes its own records", async () => {
      const { f } = await attackerHoldsVictimLeaf();
      await expect(f.creditLedger.connect(f.opA).revoke(recordOf(f.batchAtoB, 1), 2))
        .to.emit(f.creditLedger, "AttestationRevoked")
        .withArgs(f.batchAtoB.leaf(1), f.batchAtoB.root, A, 1, 2);
      await expect(f.creditLedger.connect(f.opA).supersede(recordOf(f.batchAtoB, 2), recordOf(f.batchAtoB, 3), 3))
        .to.emit(f.creditLedger, "AttestationSuperseded")
        .withArgs(f.batchAtoB.leaf(2), f.batchAtoB.leaf(3), A, f.batchAtoB.root);
    });
  });

  describe("Attack 3: batch-root squatting", () => {
    /** A's next batch, whose root C (the attacker) learns before A anchors it and front-runs. */
    async function squatted() {
      const f = await networkHelpers.loadFixture(fixture);
      const victimBatch = batchOf(Array.from({ length: 3 }, () => attestation(A, B, f.generalCourse)));
      await expect(f.creditLedger.connect(f.opC).anchorBatch(victimBatch.root, 3))
        .to.emit(f.creditLedger, "BatchAnchored")
        .withArgs(victimBatch.root, C, 3, f.opC.address);
      return { f, victimBatch };
    }

    it("still lets the victim anchor its own root after the attacker front-ran it", async () => {
      const { f, victimBatch } = await squatted();
      await expect(f.creditLedger.connect(f.opA).anchorBatch(victimBatch.root, 3))
        .to.emit(f.creditLedger, "BatchAnchored")
        .withArgs(victimBatch.root, A, 3, f.opA.address);
      const victims = await f.creditLedger.batch(A, victimBatch.root);
      expect([victims.issuerId, victims.count]).to.deep.equal([BigInt(A), 3n]);
      // The attacker's copy is its own and nobody else's.
      expect((await f.creditLedger.batch(C, victimBatch.root)).issuerId).to.equal(C);
      // Each member anchors a root once.
      await expect(f.creditLedger.connect(f.opC).anchorBatch(victimBatch.root, 3))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerBatchExists")
        .withArgs(C, victimBatch.root);
    });

    it("refuses the attacker's revocation of the victim's records through its copy", async () => {
      const { f, victimBatch } = await squatted();
      await f.creditLedger.connect(f.opA).anchorBatch(victimBatch.root, 3);
      await expect(f.creditLedger.connect(f.opC).revoke(recordOf(victimBatch, 1), 1))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerNotIssuer")
        .withArgs(victimBatch.leaf(1), C, A);
      expect((await f.creditLedger.recordStatus(A, victimBatch.root, 1)).revoked).to.equal(false);
      // What the attacker "revokes" in its copy is its own slot only; the victim's record is untouched.
      expect((await f.creditLedger.recordStatus(C, victimBatch.root, 1)).revoked).to.equal(false);
    });

    it("selects the victim's batch by the attestation's issuer: the attacker's copy recognises nothing", async () => {
      const { f, victimBatch } = await squatted();
      // Before the victim anchors, the attacker's copy does not make the victim's records recognisable.
      await expect(f.creditLedger.connect(f.opB).recognize([acceptRequest(victimBatch, 0)]))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, victimBatch.root);
      // A record rewritten to name the attacker as issuer (to use its copy) no longer proves.
      const rewritten = { ...victimBatch.rows[0], issuerId: C };
      await expect(
        f.creditLedger.connect(f.opB).recognize([{ ...acceptRequest(victimBatch, 0), attestation: rewritten }]),
      )
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerInvalidProof")
        .withArgs(victimBatch.root, attestationLeafHash(rewritten));
      // Once the victim anchors, its records are recognised, in the victim's batch.
      await f.creditLedger.connect(f.opA).anchorBatch(victimBatch.root, 3);
      await f.creditLedger.connect(f.opB).recognize([acceptRequest(victimBatch, 0)]);
      expect((await f.creditLedger.recordStatus(A, victimBatch.root, 0)).decided).to.equal(true);
      expect((await f.creditLedger.recordStatus(C, victimBatch.root, 0)).decided).to.equal(false);
    });
    it("refuses a multiproof group naming the victim as issuer of a root only the attacker anchored", async () => {
      const { f, victimBatch } = await squatted();
      const group = groupOf(victimBatch, [0, 1, 2]);
      // The victim's records under the attacker's copy: the issuer named in each leaf selects the batch.
      await expect(f.creditLedger.connect(f.opB).recognizeBatches([group]))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, victimBatch.root);
      // Rewritten to name the attacker, whose copy it is, the records no longer prove.
      const rewritten = { ...group, attestations: group.attestations.map((a) => ({ ...a, issuerId: C })) };
      await expect(f.creditLedger.connect(f.opB).recognizeBatches([rewritten]))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerInvalidProof")
        .withArgs(victimBatch.root, attestationLeafHash(rewritten.attestations[0]));
      // A tree of the attacker's own making, whose records claim the victim issued them, fares no better.
      const forged = batchOf([attestation(A, B, f.generalCourse), attestation(A, B, f.generalCourse)]);
      await f.creditLedger.connect(f.opC).anchorBatch(forged.root, 2);
      await expect(f.creditLedger.connect(f.opB).recognizeBatches([groupOf(forged, [0, 1])]))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerUnknownBatch")
        .withArgs(A, forged.root);
      expect((await f.costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(0n);
      // Control: once the victim anchors, the same group is decided, in the victim's batch only.
      await f.creditLedger.connect(f.opA).anchorBatch(victimBatch.root, 3);
      await f.creditLedger.connect(f.opB).recognizeBatches([group]);
      for (const i of [0, 1, 2]) {
        expect((await f.creditLedger.recordStatus(A, victimBatch.root, i)).decided).to.equal(true);
        expect((await f.creditLedger.recordStatus(C, victimBatch.root, i)).decided).to.equal(false);
      }
    });
  });

  describe("Attack 4: council capture", () => {
    it("refuses to complete the bootstrap while a second admin remains, so no admin outlives it", async () => {
      const [deployer, second, councillor] = await ethers.getSigners();
      const { registry } = await deployAlliance(deployer, CHARTER);
      await registry.grantRole(ROLES.council, councillor.address);
      await registry.grantRole(ROLES.council, second.address);
      await registry.grantRole(ROLES.admin, second.address);
      await expect(registry.completeBootstrap())
        .to.be.revertedWithCustomError(registry, "RegistryAdminsRemain")
        .withArgs(1);
      await registry.connect(second).renounceRole(ROLES.admin, second.address);
      await registry.completeBootstrap();
      expect(await registry.getRoleMemberCount(ROLES.admin)).to.equal(0n);
    });

    it("refuses grantRole and revokeRole to the former admin and to any single role holder after bootstrap", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, admin, council, secretariat, outsider } = f;
      expect(await registry.getRoleMemberCount(ROLES.admin)).to.equal(0);
      await expect(registry.connect(admin).grantRole(ROLES.council, admin.address))
        .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
        .withArgs(ROLES.council, admin.address);
      await expect(registry.connect(council[0]).grantRole(ROLES.secretariat, outsider.address))
        .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
        .withArgs(ROLES.secretariat, outsider.address);
      await expect(registry.connect(council[0]).revokeRole(ROLES.council, council[1].address))
        .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
        .withArgs(ROLES.council, council[1].address);
      await expect(registry.connect(secretariat).grantRole(ROLES.committee, secretariat.address))
        .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
        .withArgs(ROLES.committee, secretariat.address);
      // Nor can the former admin restart the bootstrap to regain its role.
      await expect(registry.connect(admin).completeBootstrap()).to.be.revertedWithCustomError(
        registry,
        "RegistryBootstrapCompleted",
      );
      expect(await registry.hasRole(ROLES.council, admin.address)).to.equal(false);
    });

    it("needs the quorum for a role grant: one councillor's proposal grants nothing", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council, outsider } = f;
      await registry.connect(council[0]).proposeRoleChange(ROLES.secretariat, outsider.address, true);
      const proposalId = await lastProposal(f);
      expect(await registry.hasRole(ROLES.secretariat, outsider.address)).to.equal(false);
      await expect(registry.connect(council[0]).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryAlreadyApproved")
        .withArgs(proposalId, council[0].address);
      // The grantee cannot approve its own grant either: it holds no council role.
      await expect(registry.connect(outsider).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(outsider.address, ROLES.council);
      expect(await registry.hasRole(ROLES.secretariat, outsider.address)).to.equal(false);
      // Control: a second councillor's approval reaches the quorum.
      await expect(registry.connect(council[1]).approve(proposalId))
        .to.emit(registry, "ProposalExecuted")
        .withArgs(proposalId);
      expect(await registry.hasRole(ROLES.secretariat, outsider.address)).to.equal(true);
    });

    it("does not count the approval of a councillor who has since lost the role", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council, outsider } = f;
      // council[0] proposes a grant to its accomplice, then the council removes council[0].
      await registry.connect(council[0]).proposeRoleChange(ROLES.secretariat, outsider.address, true);
      const grab = await lastProposal(f);
      await registry.connect(council[1]).proposeRoleChange(ROLES.council, council[0].address, false);
      await registry.connect(council[2]).approve(await lastProposal(f));
      expect(await registry.hasRole(ROLES.council, council[0].address)).to.equal(false);
      expect(await registry.approvalsInOffice(grab)).to.equal(0);

      // One councillor in office approves: two approvals given, one in office, below the quorum of two.
      await registry.connect(council[1]).approve(grab);
      const p = await registry.proposal(grab);
      expect([p.approvals, p.executed]).to.deep.equal([2n, false]);
      expect(await registry.approvalsInOffice(grab)).to.equal(1);
      expect(await registry.hasRole(ROLES.secretariat, outsider.address)).to.equal(false);
      // The removed councillor cannot approve anything any more.
      await expect(registry.connect(council[0]).approve(grab))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(council[0].address, ROLES.council);
    });

    it("refuses to approve an expired proposal", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council, outsider } = f;
      await registry.connect(council[0]).proposeRoleChange(ROLES.auditor, outsider.address, true);
      const proposalId = await lastProposal(f);
      const { expiresAt } = await registry.proposal(proposalId);
      await networkHelpers.time.increase(PROPOSAL_LIFETIME + 1);
      await expect(registry.connect(council[1]).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryProposalExpired")
        .withArgs(proposalId, expiresAt);
      expect(await registry.hasRole(ROLES.auditor, outsider.address)).to.equal(false);
    });

    it("control: a proposal can still be approved at its last second", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council, outsider } = f;
      await registry.connect(council[0]).proposeRoleChange(ROLES.auditor, outsider.address, true);
      const proposalId = await lastProposal(f);
      await networkHelpers.time.setNextBlockTimestamp((await registry.proposal(proposalId)).expiresAt);
      await registry.connect(council[1]).approve(proposalId);
      expect(await registry.hasRole(ROLES.auditor, outsider.address)).to.equal(true);
    });

    it("refuses a charter amendment whose quorum exceeds the council, at proposal and at execution", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council } = f;
      const charter = (councilQuorum: number) => ({
        documentHash: id("captured charter"),
        version: 2,
        councilQuorum,
        proposalLifetime: PROPOSAL_LIFETIME,
      });
      await expect(registry.connect(council[0]).propose(Action.AmendCharter, 0, charter(4)))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(4, 3);
      // Quorum 3 of 3 is valid when proposed; after a resignation it would lock the council.
      await registry.connect(council[0]).propose(Action.AmendCharter, 0, charter(3));
      const proposalId = await lastProposal(f);
      await registry.connect(council[2]).renounceRole(ROLES.council, council[2].address);
      await expect(registry.connect(council[1]).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(3, 2);
      expect((await registry.charter()).councilQuorum).to.equal(2);
    });

    it("refuses to revoke a councillor when the council would fall below the quorum", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council } = f;
      await registry.connect(council[0]).proposeRoleChange(ROLES.council, council[2].address, false);
      await registry.connect(council[1]).approve(await lastProposal(f)); // 3 -> 2 councillors, quorum 2: allowed
      await registry.connect(council[0]).proposeRoleChange(ROLES.council, council[1].address, false);
      const proposalId = await lastProposal(f);
      await expect(registry.connect(council[1]).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(2, 1);
      expect(await registry.hasRole(ROLES.council, council[1].address)).to.equal(true);
    });

    it("refuses a councillor's resignation when the council would fall below the quorum", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council } = f;
      await registry.connect(council[2]).renounceRole(ROLES.council, council[2].address); // 3 -> 2: allowed
      await expect(registry.connect(council[1]).renounceRole(ROLES.council, council[1].address))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(2, 1);
      expect(await registry.getRoleMemberCount(ROLES.council)).to.equal(2);
    });
  });

  describe("Attack 5: the secretariat acting as a member", () => {
    it("refuses the secretariat adding or removing a member's key", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, secretariat, opA, opA2 } = f;
      await expect(registry.connect(secretariat).addOperator(A, secretariat.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      await expect(registry.connect(secretariat).addOperator(A, opA2.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      await expect(registry.connect(secretariat).removeOperator(A, opA.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      expect(await registry.operatorsOf(A)).to.deep.equal([opA.address]);
    });

    it("recovers a key only by council decision, which the secretariat cannot propose", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, secretariat, council, opA2 } = f;
      await expect(registry.connect(secretariat).proposeKeyRecovery(A, opA2.address))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(secretariat.address, ROLES.council);
      // Control: the council's quorum recovers A's key.
      await registry.connect(council[0]).proposeKeyRecovery(A, opA2.address);
      expect((await registry.operatorKey(opA2.address)).memberId).to.equal(0);
      await expect(registry.connect(council[1]).approve(await lastProposal(f)))
        .to.emit(registry, "OperatorAdded")
        .withArgs(A, opA2.address, council[1].address);
      expect(await registry.operatorsOf(A)).to.include(opA2.address);
    });

    it("gives a key recovered for a suspended member no more standing than the member has", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, creditLedger, council, decide, outsider } = f;
      // Each key carries its member's status beside it: a key added while suspended must be suspended too.
      await registry.connect(council[0]).proposeKeyRecovery(S, outsider.address);
      await registry.connect(council[1]).approve(await registry.proposalCount());
      await expect(creditLedger.connect(outsider).anchorBatch(id("while suspended"), 1))
        .to.be.revertedWithCustomError(registry, "RegistryMemberNotActive")
        .withArgs(S, 3);
      await decide(Action.Reinstate, S);
      await creditLedger.connect(outsider).anchorBatch(id("reinstated"), 1);
      await decide(Action.Suspend, S);
      await expect(creditLedger.connect(outsider).anchorBatch(id("suspended again"), 1))
        .to.be.revertedWithCustomError(registry, "RegistryMemberNotActive")
        .withArgs(S, 3);
    });

    it("re-checks a key recovery when it executes: no key for a member that withdrew meanwhile", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, council, decide, outsider } = f;
      await registry.connect(council[0]).proposeKeyRecovery(C, outsider.address);
      const proposalId = await registry.proposalCount();
      await decide(Action.Withdraw, C);
      await expect(registry.connect(council[1]).approve(proposalId))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTransition")
        .withArgs(C, 4, Action.RecoverKey);
      expect((await registry.operatorKey(outsider.address)).memberId).to.equal(0n);
    });

    it("refuses a secretariat account that is a key of member X confirming X's claim", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, costLedger, secretariat, council, opA, opC } = f;
      // The council makes the secretariat's account a key of C.
      await registry.connect(council[0]).proposeKeyRecovery(C, secretariat.address);
      await registry.connect(council[1]).approve(await lastProposal(f));
      expect(await registry.requireActiveOperator(secretariat.address)).to.equal(C);

      // C claims (through that very account, and through its usual key); the same account confirms.
      const ref = id("C voucher 2026-001");
      await costLedger.connect(secretariat).claimEntry(cashClaim(ref, 900_000n));
      const own = entryIdOf(C, ref);
      await expect(costLedger.connect(secretariat).confirmEntry(own))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerSelfConfirmation")
        .withArgs(own, secretariat.address);
      const viaUsualKey = id("C voucher 2026-002");
      await costLedger.connect(opC).claimEntry(cashClaim(viaUsualKey));
      await expect(costLedger.connect(secretariat).confirmEntries([entryIdOf(C, viaUsualKey)]))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerSelfConfirmation")
        .withArgs(entryIdOf(C, viaUsualKey), secretariat.address);
      expect((await costLedger.memberTotals(PERIOD, C)).contributed).to.equal(0n);

      // Controls: it still confirms other members' claims, and another secretariat account confirms C's.
      await costLedger.connect(opA).claimEntry(cashClaim(id("A voucher")));
      await costLedger.connect(secretariat).confirmEntry(entryIdOf(A, id("A voucher")));
      const second = (await ethers.getSigners())[16]; // an account with no role and no key
      await registry.connect(council[0]).proposeRoleChange(ROLES.secretariat, second.address, true);
      await registry.connect(council[2]).approve(await lastProposal(f));
      await costLedger.connect(second).confirmEntry(own);
      expect((await costLedger.memberTotals(PERIOD, C)).contributed).to.equal(900_000n);
    });

    it("refuses settlement confirmation by anyone but the payee", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, costLedger, secretariat, opA, opB, opC } = f;
      // Settlement 1: A paid B.
      await expect(costLedger.connect(secretariat).confirmSettlement(1))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      await expect(costLedger.connect(opA).confirmSettlement(1))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerNotPayee")
        .withArgs(1, A, B);
      await expect(costLedger.connect(opC).confirmSettlement(1))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerNotPayee")
        .withArgs(1, C, B);
      expect((await costLedger.settlement(1)).confirmed).to.equal(false);
      await costLedger.connect(opB).confirmSettlement(1);
      expect((await costLedger.settlement(1)).confirmed).to.equal(true);
    });
  });

  describe("Attack 6: a costly certified course", () => {
    it("refuses at recognition an attestation carrying more credits than the certified version awards", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      // B hosts the certified course (2.5 credits) and anchors an inflated record for A's student.
      const inflated = batchOf([attestation(B, A, f.certifiedCourse, { credits: 1_000 })]);
      await f.creditLedger.connect(f.opB).anchorBatch(inflated.root, 1);
      await expect(f.creditLedger.connect(f.opA).recognize([acceptRequest(inflated, 0)]))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerCreditsExceedCourse")
        .withArgs(inflated.leaf(0), 1_000, 250);
      expect((await f.costLedger.memberTotals(PERIOD, A)).feesPayable).to.equal(0n);
    });

    it("refuses a multiproof with one record's credits raised: the forged leaf is not in the batch", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, opA, opB, certifiedCourse } = f;
      // B issues three certified records of 2.00 credits (the version awards 2.50) to A's students.
      const batch = batchOf(Array.from({ length: 3 }, () => attestation(B, A, certifiedCourse, { credits: 200 })));
      await creditLedger.connect(opB).anchorBatch(batch.root, 3);
      const group = groupOf(batch, [0, 1, 2]);
      // A (the home school) raises one record to the version's 2.50 credits, within the course's limit.
      for (const position of [1, 0]) {
        const attestations = group.attestations.map((a, p) => (p === position ? { ...a, credits: 250 } : a));
        const decisions = group.decisions.map((d, p) => (p === position ? { ...d, recognisedCredits: 250 } : d));
        await expect(creditLedger.connect(opA).recognizeBatches([{ ...group, attestations, decisions }]))
          .to.be.revertedWithCustomError(creditLedger, "CreditLedgerInvalidProof")
          .withArgs(batch.root, attestationLeafHash(attestations[0]));
      }
      for (const i of [0, 1, 2]) expect((await creditLedger.recordStatus(B, batch.root, i)).decided).to.equal(false);
      expect((await costLedger.memberTotals(PERIOD, A)).feesPayable).to.equal(0n);
      // Control: the records as issued are recognised for the credits attested, 3 x 2.00 x 8,000.
      await creditLedger.connect(opA).recognizeBatches([group]);
      expect((await costLedger.memberTotals(PERIOD, A)).feesPayable).to.equal(48_000n);
    });

    it("refuses at anchorAttestation an attestation carrying more credits than the version awards", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const inflated = attestation(B, A, f.certifiedCourse, { credits: 251 });
      await expect(f.creditLedger.connect(f.opB).anchorAttestation(inflated))
        .to.be.revertedWithCustomError(f.creditLedger, "CreditLedgerCreditsExceedCourse")
        .withArgs(attestationLeafHash(inflated), 251, 250);
      // Control: the version's full credits are fine.
      await f.creditLedger.connect(f.opB).anchorAttestation(attestation(B, A, f.certifiedCourse, { credits: 250 }));
    });

    it("makes a version published after certification general, so the home school may reject it", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { catalog, creditLedger, costLedger, opA, opB, certifiedCourse } = f;
      // B republishes its certified course at ten times the fee.
      await catalog.connect(opB).publishVersion(certifiedCourse, courseTerms({ credits: 250, feePerCredit: 80_000n }));
      expect(await catalog.versionTier(certifiedCourse, 2)).to.equal(Tier.General);
      expect(await catalog.versionTier(certifiedCourse, 1)).to.equal(Tier.Certified);
      expect((await catalog.course(certifiedCourse)).tier).to.equal(Tier.General);
      const pricey = batchOf([attestation(B, A, certifiedCourse, { courseVersion: 2, credits: 250 })]);
      await creditLedger.connect(opB).anchorBatch(pricey.root, 1);
      const reject = { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 9 };
      await expect(creditLedger.connect(opA).recognize([acceptRequest(pricey, 0, reject)]))
        .to.emit(creditLedger, "RecognitionDecided")
        .withArgs(
          pricey.leaf(0),
          A,
          B,
          pricey.root,
          packRecognition({ index: 0, decision: Decision.Rejected, rejectReason: 9 }),
        );
      expect((await costLedger.memberTotals(PERIOD, A)).feesPayable).to.equal(0n);
      // Control: the certified version 1 may still not be rejected.
      await expect(creditLedger.connect(opA).recognize([acceptRequest(f.batchBtoA, 0, reject)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCertifiedCourseMustBeRecognised")
        .withArgs(certifiedCourse, f.batchBtoA.leaf(0));
    });

    it("reverses a revoked recognised record's fee in the open period, once, and the nets still sum to zero", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, secretariat, opA, opB, batchBtoA } = f;
      // A recognises two certified records: 2 x 2.5 credits x 8,000 = 40,000 payable to B.
      await creditLedger.connect(opA).recognize([acceptRequest(batchBtoA, 0), acceptRequest(batchBtoA, 1)]);
      expect((await costLedger.memberTotals(PERIOD, A)).feesPayable).to.equal(40_000n);
      expect((await creditLedger.recordStatus(B, batchBtoA.root, 0)).feeAccrued).to.equal(true);

      await expect(creditLedger.connect(opB).revoke(recordOf(batchBtoA, 0), 4))
        .to.emit(creditLedger, "RecognitionFeeReversed")
        .withArgs(batchBtoA.leaf(0), A, B, 20_000n, PERIOD);
      const home = await costLedger.memberTotals(PERIOD, A);
      const host = await costLedger.memberTotals(PERIOD, B);
      expect([home.feesPayable, home.feesReceivable]).to.deep.equal([40_000n, 20_000n]);
      expect([host.feesReceivable, host.feesPayable]).to.deep.equal([40_000n, 20_000n]);

      // A second revocation is refused, so the fee cannot flow back twice.
      await expect(creditLedger.connect(opB).revoke(recordOf(batchBtoA, 0), 4))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchBtoA.leaf(0));

      const nets = await feeNets(f);
      expect(nets).to.deep.equal([-20_000n, 20_000n, 0n]);
      expect(nets.reduce((s, n) => s + n, 0n)).to.equal(0n);
      await expect(costLedger.connect(secretariat).closePeriod(PERIOD, id("report 2"), nets)).to.emit(
        costLedger,
        "PeriodClosed",
      );
    });
  });

  describe("Attack 8: cost-entry id squatting", () => {
    it("gives the attacker's claim with the victim's reference its own id, and the victim's claim still succeeds", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { costLedger, opA, opC } = f;
      const ref = id("A voucher 2026-0042");
      // C sees A's pending claim and claims first with the same reference.
      await expect(costLedger.connect(opC).claimEntry(cashClaim(ref, 1n)))
        .to.emit(costLedger, "EntryClaimed")
        .withArgs(
          entryIdOf(C, ref),
          PERIOD,
          C,
          EntryKind.CashContribution,
          1n,
          ZeroHash,
          0,
          0,
          ZeroHash,
          id(`evidence ${ref}`),
        );
      await expect(costLedger.connect(opA).claimEntry(cashClaim(ref, 250_000n)))
        .to.emit(costLedger, "EntryClaimed")
        .withArgs(
          entryIdOf(A, ref),
          PERIOD,
          A,
          EntryKind.CashContribution,
          250_000n,
          ZeroHash,
          0,
          0,
          ZeroHash,
          id(`evidence ${ref}`),
        );
      const [victims, attackers] = [
        await costLedger.entry(entryIdOf(A, ref)),
        await costLedger.entry(entryIdOf(C, ref)),
      ];
      expect([victims.memberId, victims.amount]).to.deep.equal([BigInt(A), 250_000n]);
      expect([attackers.memberId, attackers.amount]).to.deep.equal([BigInt(C), 1n]);
    });

    it("binds the member into entryIdOf", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const ref = id("shared reference");
      expect(await f.costLedger.entryIdOf(A, ref)).to.equal(entryIdOf(A, ref));
      expect(await f.costLedger.entryIdOf(C, ref)).to.equal(entryIdOf(C, ref));
      expect(entryIdOf(A, ref)).to.not.equal(entryIdOf(C, ref));
      expect(entryIdOf(A, ref)).to.not.equal(ref);
    });

    it("refuses the attacker reversing the victim's confirmed entry", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { costLedger, secretariat, opA, opC } = f;
      const ref = id("A contribution");
      await costLedger.connect(opA).claimEntry(cashClaim(ref, 5_000n));
      await costLedger.connect(secretariat).confirmEntry(entryIdOf(A, ref));
      const reversalRef = id("C reversal");
      await expect(
        costLedger
          .connect(opC)
          .claimEntry(cashClaim(reversalRef, 5_000n, { kind: EntryKind.Reversal, reverses: entryIdOf(A, ref) })),
      )
        .to.be.revertedWithCustomError(costLedger, "CostLedgerInvalidReversal")
        .withArgs(entryIdOf(C, reversalRef), entryIdOf(A, ref));
    });
  });

  describe("Attack 9: smaller gaps", () => {
    it("keeps a key valid for the block it was removed in, so the batch it anchored there stays attributable", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, creditLedger, opA, opA2 } = f;
      await registry.connect(opA).addOperator(A, opA2.address);
      const root = id("anchored in the removal block");
      // The old key anchors, and the new key removes it, in one block.
      await ethers.provider.send("evm_setAutomine", [false]);
      let anchor: Awaited<ReturnType<typeof creditLedger.anchorBatch>>;
      let removal: Awaited<ReturnType<typeof registry.removeOperator>>;
      try {
        anchor = await creditLedger.connect(opA).anchorBatch(root, 4, { gasLimit: 300_000 });
        removal = await registry.connect(opA2).removeOperator(A, opA.address, { gasLimit: 300_000 });
        await networkHelpers.mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const [anchorReceipt, removalReceipt] = [await anchor.wait(), await removal.wait()];
      expect(anchorReceipt!.status).to.equal(1);
      expect(removalReceipt!.status).to.equal(1);
      const block = anchorReceipt!.blockNumber;
      expect(removalReceipt!.blockNumber).to.equal(block);
      expect(anchorReceipt!.index).to.be.lessThan(removalReceipt!.index);

      expect((await registry.operatorKey(opA.address)).validUntilBlock).to.equal(block);
      expect(await registry.wasOperatorAt(opA.address, A, block)).to.equal(true);
      expect(await registry.wasOperatorAt(opA.address, A, block + 1)).to.equal(false);
      const batch = await creditLedger.batch(A, root);
      expect([batch.issuerId, batch.anchoredAtBlock]).to.deep.equal([BigInt(A), BigInt(block)]);
      await expect(anchor).to.emit(creditLedger, "BatchAnchored").withArgs(root, A, 4, opA.address);
      expect(await registry.wasOperatorAt(opA.address, A, batch.anchoredAtBlock)).to.equal(true);
    });

    it("refuses anchorAttestation for a retired course, while records anchored before stay recognisable", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { catalog, creditLedger, opA, opB, generalCourse, batchAtoB } = f;
      await catalog.connect(opA).retireCourse(generalCourse);
      await expect(creditLedger.connect(opA).anchorAttestation(attestation(A, B, generalCourse)))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerCourseRetired")
        .withArgs(generalCourse);
      await creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]);
    });

    it("lets a suspended and a withdrawn issuer revoke their own records, and not an outsider", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, creditLedger, decide, opS, opP, opB, outsider, generalCourse } = f;
      // S anchors while reinstated, then is suspended again.
      await decide(Action.Reinstate, S);
      const fromS = batchOf([attestation(S, A, generalCourse), attestation(S, B, generalCourse)]);
      await creditLedger.connect(opS).anchorBatch(fromS.root, 2);
      await decide(Action.Suspend, S);
      // P is admitted, anchors, then withdraws.
      await decide(Action.Admit, P);
      const fromP = batchOf([attestation(P, A, generalCourse)]);
      await creditLedger.connect(opP).anchorBatch(fromP.root, 1);
      await decide(Action.Withdraw, P);

      // Outsiders are refused first.
      await expect(creditLedger.connect(outsider).revoke(recordOf(fromS, 0), 1))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(outsider.address);
      await expect(creditLedger.connect(opB).revoke(recordOf(fromS, 0), 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(fromS.leaf(0), B, S);
      await expect(creditLedger.connect(opP).revoke(recordOf(fromS, 0), 1))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotIssuer")
        .withArgs(fromS.leaf(0), P, S);

      await expect(creditLedger.connect(opS).revoke(recordOf(fromS, 0), 6))
        .to.emit(creditLedger, "AttestationRevoked")
        .withArgs(fromS.leaf(0), fromS.root, S, 0, 6);
      await expect(creditLedger.connect(opP).revoke(recordOf(fromP, 0), 6))
        .to.emit(creditLedger, "AttestationRevoked")
        .withArgs(fromP.leaf(0), fromP.root, P, 0, 6);
      // A suspended issuer may supersede with a record of its own too.
      await expect(creditLedger.connect(opS).supersede(recordOf(fromS, 1), recordOf(fromS, 0), 6))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(fromS.leaf(0));
      // But a suspended or withdrawn issuer anchors nothing new.
      await expect(creditLedger.connect(opS).anchorBatch(id("new"), 1))
        .to.be.revertedWithCustomError(registry, "RegistryMemberNotActive")
        .withArgs(S, 3);
    });

    it("reverses a revoked record's fee only in an open period, and never blocks a host that left from revoking", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, secretariat, decide, decideShares, opA, opB, batchAtoB } = f;
      await creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]);
      const fee = 15_000n; // 3.00 credits x 5,000 per credit
      // Period 2 closes with the fee in it: A is owed it, B owes it.
      await costLedger.connect(secretariat).closePeriod(2, id("report 2"), [fee, -fee, 0n]);
      // No period open: a host cannot keep the fee by revoking between periods; it waits.
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 4)).to.be.revertedWithCustomError(
        costLedger,
        "CostLedgerNoOpenPeriod",
      );
      // A is suspended and period 3 opens without it: its revocation goes through, the reversal is left
      // unbooked (period 0) for the audit to list, and nobody's totals move.
      await decide(Action.Suspend, A);
      await decideShares([B, C], [6000, 4000], 3);
      await costLedger.connect(secretariat).openPeriod(f.currency, [B, C], [6000, 4000]);
      await expect(creditLedger.connect(opA).revoke(recordOf(batchAtoB, 0), 4))
        .to.emit(creditLedger, "RecognitionFeeReversed")
        .withArgs(batchAtoB.leaf(0), B, A, fee, 0);
      expect((await costLedger.memberTotals(3, B)).feesReceivable).to.equal(0n);
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 0)).revoked).to.equal(true);
    });

    it("refuses a leaf whose index is not below its batch's count", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, opA, opB, generalCourse } = f;
      // A hostile issuer builds a two-leaf tree whose second leaf claims index 7, and anchors count 2.
      const rows = [attestation(A, B, generalCourse, { index: 0 }), attestation(A, B, generalCourse, { index: 7 })];
      const tree = StandardMerkleTree.of(rows.map(attestationLeafValues), [...ATTESTATION_LEAF_TYPES]);
      await creditLedger.connect(opA).anchorBatch(tree.root, 2);
      const leaf = tree.leafHash(tree.at(1)!);
      const request = {
        ...acceptRequest(batchOf([rows[0]]), 0),
        batchRoot: tree.root,
        attestation: rows[1],
        proof: tree.getProof(1),
      };
      await expect(creditLedger.connect(opB).recognize([request]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerIndexOutOfRange")
        .withArgs(leaf, 7, 2);
      await expect(
        creditLedger.connect(opA).revoke({ root: tree.root, attestation: rows[1], proof: tree.getProof(1) }, 1),
      )
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerIndexOutOfRange")
        .withArgs(leaf, 7, 2);
      // The same holds for a well-formed tree anchored with a count short of its size.
      const short = batchOf(Array.from({ length: 3 }, () => attestation(A, C, generalCourse)));
      await creditLedger.connect(opA).anchorBatch(short.root, 2);
      await expect(creditLedger.connect(f.opC).recognize([acceptRequest(short, 2)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerIndexOutOfRange")
        .withArgs(short.leaf(2), 2, 2);
    });

    it("refuses to decide the same record twice, across calls and within one", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, opB, batchAtoB } = f;
      const reject = { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 3 };
      await creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0, reject)]);
      // The home school cannot turn its rejection into an acceptance later...
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 0)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(0));
      // ...nor accrue one record's fee twice in one call.
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 1), acceptRequest(batchAtoB, 1)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(1));
      expect((await costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(0n);
    });

    it("refuses to recognise a revoked record, alone or among valid ones", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, opA, opB, batchAtoB } = f;
      await creditLedger.connect(opA).revoke(recordOf(batchAtoB, 3), 2);
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 3)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(3));
      await expect(creditLedger.connect(opB).recognize([acceptRequest(batchAtoB, 2), acceptRequest(batchAtoB, 3)]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(3));
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 2)).decided).to.equal(false);
    });

    it("refuses a multiproof group whose decisions do not match its attestations, or that has no attestations", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, opB, batchAtoB } = f;
      const group = groupOf(batchAtoB, [0, 1, 2]);
      // One decision short: the last record would be decided with nobody's decision.
      await expect(creditLedger.connect(opB).recognizeBatches([{ ...group, decisions: group.decisions.slice(0, 2) }]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerDecisionCountMismatch")
        .withArgs(3, 2);
      // One too many, in a second group behind a valid one.
      const valid = groupOf(batchAtoB, [3]);
      await expect(
        creditLedger
          .connect(opB)
          .recognizeBatches([valid, { ...group, decisions: [...group.decisions, group.decisions[0]] }]),
      )
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerDecisionCountMismatch")
        .withArgs(3, 4);
      // No attestations and the root as the proof: OpenZeppelin's multiproof holds that valid, the ledger
      // refuses the group as empty.
      const hollow = { root: batchAtoB.root, attestations: [], decisions: [], proof: [batchAtoB.root], proofFlags: [] };
      await expect(creditLedger.connect(opB).recognizeBatches([hollow])).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerEmptyRequest",
      );
      await expect(creditLedger.connect(opB).recognizeBatches([valid, hollow])).to.be.revertedWithCustomError(
        creditLedger,
        "CreditLedgerEmptyRequest",
      );
      for (const i of [0, 1, 2, 3])
        expect((await creditLedger.recordStatus(A, batchAtoB.root, i)).decided).to.equal(false);
    });

    it("refuses a record of another home school inside a multiproof group", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, opB, batchAtoB } = f;
      // B decides on its students 0 and 1 and slips in record 6, a student of C.
      await expect(creditLedger.connect(opB).recognizeBatches([groupOf(batchAtoB, [0, 6, 1])]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerNotHomeMember")
        .withArgs(batchAtoB.leaf(6), B, C);
      for (const i of [0, 1, 6])
        expect((await creditLedger.recordStatus(A, batchAtoB.root, i)).decided).to.equal(false);
      expect((await costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(0n);
    });

    it("refuses to decide one record twice within a multiproof group, or across the groups of one call", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, opA, opB, batchAtoB, generalCourse } = f;
      // A hostile issuer builds a tree holding one record twice, so a multiproof can name it twice.
      const twice = attestation(A, B, generalCourse, { index: 0 });
      const rows = [twice, twice, attestation(A, B, generalCourse, { index: 1 })];
      const tree = StandardMerkleTree.of(rows.map(attestationLeafValues), [...ATTESTATION_LEAF_TYPES]);
      await creditLedger.connect(opA).anchorBatch(tree.root, 2);
      const group = groupOf({ tree, rows }, [0, 1]);
      expect(group.attestations).to.deep.equal([twice, twice]);
      await expect(creditLedger.connect(opB).recognizeBatches([group]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(attestationLeafHash(twice));
      // The same record in two groups of one call.
      await expect(creditLedger.connect(opB).recognizeBatches([groupOf(batchAtoB, [0, 1]), groupOf(batchAtoB, [1, 2])]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(1));
      expect((await costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(0n);
      // And across calls: a rejection stays a rejection.
      await creditLedger
        .connect(opB)
        .recognizeBatches([
          groupOf(batchAtoB, [[1, { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 3 }]]),
        ]);
      await expect(creditLedger.connect(opB).recognizeBatches([groupOf(batchAtoB, [0, 1, 2])]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerAlreadyDecided")
        .withArgs(batchAtoB.leaf(1));
      expect((await creditLedger.recordStatus(A, batchAtoB.root, 0)).decided).to.equal(false);
    });

    it("refuses a revoked record inside a multiproof group", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { creditLedger, costLedger, opA, opB, batchAtoB } = f;
      await creditLedger.connect(opA).revoke(recordOf(batchAtoB, 3), 2);
      await expect(creditLedger.connect(opB).recognizeBatches([groupOf(batchAtoB, [2, 3, 4])]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(3));
      // A rejection of it is refused too: a revoked record takes no decision.
      const reject = { decision: Decision.Rejected, recognisedCredits: 0, rejectReason: 1 };
      await expect(creditLedger.connect(opB).recognizeBatches([groupOf(batchAtoB, [2, [3, reject]])]))
        .to.be.revertedWithCustomError(creditLedger, "CreditLedgerRevoked")
        .withArgs(batchAtoB.leaf(3));
      for (const i of [2, 3, 4])
        expect((await creditLedger.recordStatus(A, batchAtoB.root, i)).decided).to.equal(false);
      expect((await costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(0n);
    });
  });

  describe("Attack 10: charter terms and alliance income", () => {
    const incomeClaim = (memberRef: string, amount: bigint) =>
      cashClaim(memberRef, amount, { kind: EntryKind.Income, category: id("provincial grant") });

    it("refuses a member confirming its own income claim, through its own key or as the secretariat", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, costLedger, secretariat, council, opB, opC } = f;
      const ref = id("C grant receipt");
      await costLedger.connect(opC).claimEntry(incomeClaim(ref, 250_000n));
      const own = entryIdOf(C, ref);
      await expect(costLedger.connect(opC).confirmEntry(own))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(opC.address, ROLES.secretariat);
      await expect(costLedger.connect(opC).confirmEntries([own]))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(opC.address, ROLES.secretariat);
      // Nor does another member confirm it for C.
      await expect(costLedger.connect(opB).confirmEntry(own))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(opB.address, ROLES.secretariat);
      // The secretariat's account, made a key of C, cannot confirm C's income either.
      await registry.connect(council[0]).proposeKeyRecovery(C, secretariat.address);
      await registry.connect(council[1]).approve(await lastProposal(f));
      await expect(costLedger.connect(secretariat).confirmEntry(own))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerSelfConfirmation")
        .withArgs(own, secretariat.address);
      expect(await costLedger.incomeReceived(PERIOD, C)).to.equal(0n);
      expect((await costLedger.entry(own)).status).to.equal(1n); // still Claimed
    });

    it("refuses a member reversing another member's income, which would move the pool", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { costLedger, secretariat, opA, opC } = f;
      const ref = id("C training fees");
      await costLedger.connect(opC).claimEntry(incomeClaim(ref, 80_000n));
      await costLedger.connect(secretariat).confirmEntry(entryIdOf(C, ref));
      const attack = cashClaim(id("A reverses C"), 80_000n, { kind: EntryKind.Reversal, reverses: entryIdOf(C, ref) });
      await expect(costLedger.connect(opA).claimEntry(attack))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerInvalidReversal")
        .withArgs(entryIdOf(A, id("A reverses C")), entryIdOf(C, ref));
      expect(await costLedger.incomeReceived(PERIOD, C)).to.equal(80_000n);
    });

    it("refuses a member proposing another member's suspension for low contribution", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, opA, opB } = f;
      for (const attacker of [opA, opB]) {
        await expect(registry.connect(attacker).proposeLowContributionSuspension(C, PERIOD))
          .to.be.revertedWithCustomError(registry, "CharterCallerNotCostLedger")
          .withArgs(attacker.address);
      }
      expect(await registry.proposalCount()).to.equal(FIXTURE_PROPOSALS);
    });

    it("refuses the secretariat opening a period with shares that favour the member it sides with", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, costLedger, secretariat, council, members, shares, currency } = f;
      await costLedger.connect(secretariat).closePeriod(PERIOD, id("report 2"), [0, 0, 0]);
      const favouringA = [1000, 5000, 4000];
      await expect(costLedger.connect(secretariat).openPeriod(currency, members, favouringA))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerSharesNotDecided")
        .withArgs(3);
      // It cannot decide them either: proposing and approving shares is the council's.
      await expect(registry.connect(secretariat).proposeShares(3, members, favouringA))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(secretariat.address, ROLES.council);
      await registry.connect(council[0]).proposeShares(3, members, favouringA);
      await expect(registry.connect(secretariat).approve(await lastProposal(f)))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(secretariat.address, ROLES.council);
      await expect(costLedger.connect(secretariat).openPeriod(currency, members, favouringA))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerSharesNotDecided")
        .withArgs(3);
      // Control: it opens the period with the shares the council decided.
      await costLedger.connect(secretariat).openPeriod(currency, members, shares);
      expect((await costLedger.periodMembers(3))[1]).to.deep.equal(shares.map(BigInt));
    });

    it("refuses shares or a contribution rule decided by one councillor alone (quorum 2)", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, costLedger, secretariat, council, members, shares, currency } = f;
      const favouring = [1000, 1000, 8000];
      await registry.connect(council[0]).proposeShares(3, members, favouring);
      const sharesProposal = await lastProposal(f);
      await expect(registry.connect(council[0]).approve(sharesProposal))
        .to.be.revertedWithCustomError(registry, "RegistryAlreadyApproved")
        .withArgs(sharesProposal, council[0].address);
      // A second proposal of the same shares is a separate proposal with one approval too.
      await registry.connect(council[0]).proposeShares(3, members, favouring);
      expect(await registry.decidedSharesHash(3)).to.equal(sharesHash(members, shares));
      // The charter's shares, likewise.
      await registry.connect(council[0]).proposeShares(0, members, favouring);
      expect(await registry.decidedSharesHash(0)).to.equal(sharesHash(members, shares));
      // And a rule that would flag everyone.
      await registry.connect(council[0]).proposeContributionRule(2000, 1, 0);
      expect((await registry.contributionRule()).minIndexPermille).to.equal(0n);

      await costLedger.connect(secretariat).closePeriod(PERIOD, id("report 2"), [0, 0, 0]);
      await expect(costLedger.connect(secretariat).openPeriod(currency, members, favouring))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerSharesNotDecided")
        .withArgs(3);
      // Control: a second councillor's approval decides them.
      await expect(registry.connect(council[1]).approve(sharesProposal))
        .to.emit(registry, "SharesDecided")
        .withArgs(sharesProposal, 3, sharesHash(members, favouring));
      await expect(costLedger.connect(secretariat).openPeriod(currency, members, favouring)).to.emit(
        costLedger,
        "PeriodOpened",
      );
    });
  });
});
