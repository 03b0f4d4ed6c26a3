import { expect } from "chai";
import { network } from "hardhat";
import { id, ZeroAddress, ZeroHash } from "ethers";
import {
  A,
  Action,
  B,
  C,
  CHARTER,
  deployFixture,
  FIXTURE_PROPOSALS,
  freshAddress,
  MemberKind,
  MemberStatus,
  NO_CHARTER,
  P,
  PROPOSAL_LIFETIME,
  ROLES,
  S,
  sharesHash,
  W,
} from "./fixture.js";
import { AllianceRegistry__factory, deployAlliance } from "@alliance-ledger/sdk";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
/** The ids of a test's first, second and third council proposals, after the fixture's. */
const FIRST = FIXTURE_PROPOSALS + 1;
const SECOND = FIXTURE_PROPOSALS + 2;
const THIRD = FIXTURE_PROPOSALS + 3;

/** A fresh alliance still in bootstrap: the deployer holds the admin role and has granted nothing. */
async function bootstrapping() {
  const [admin, councillor1, councillor2, other] = await ethers.getSigners();
  const { registry } = await deployAlliance(admin, CHARTER);
  return { registry, admin, councillor1, councillor2, other };
}

describe("AllianceRegistry", () => {
  describe("constructor", () => {
    it("refuses a zero admin, a zero quorum and a zero proposal lifetime", async () => {
      const [deployer] = await ethers.getSigners();
      const factory = new AllianceRegistry__factory(deployer);
      await expect(factory.deploy(ZeroAddress, CHARTER, ZeroAddress)).to.be.revertedWithCustomError(
        { interface: factory.interface },
        "RegistryZeroAddress",
      );
      await expect(factory.deploy(deployer.address, { ...CHARTER, councilQuorum: 0 }, ZeroAddress))
        .to.be.revertedWithCustomError({ interface: factory.interface }, "RegistryInvalidCharter")
        .withArgs(1, 0);
      await expect(factory.deploy(deployer.address, { ...CHARTER, proposalLifetime: 0 }, ZeroAddress))
        .to.be.revertedWithCustomError({ interface: factory.interface }, "RegistryInvalidCharter")
        .withArgs(1, 2);
    });
  });

  describe("registerApplicant", () => {
    it("registers a pending member with its first key", async () => {
      const { registry, secretariat, outsider } = await networkHelpers.loadFixture(fixture);
      await expect(
        registry
          .connect(secretariat)
          .registerApplicant("Hebei University", MemberKind.University, "Hebei", outsider.address),
      )
        .to.emit(registry, "MemberRegistered")
        .withArgs(7, "Hebei University", MemberKind.University, "Hebei")
        .and.to.emit(registry, "OperatorAdded")
        .withArgs(7, outsider.address, secretariat.address);
      const m = await registry.member(7);
      expect(m.status).to.equal(MemberStatus.Pending);
      expect(m.name).to.equal("Hebei University");
      expect(await registry.memberCount()).to.equal(7);
      expect(await registry.operatorsOf(7)).to.deep.equal([outsider.address]);
    });

    it("refuses an empty name", async () => {
      const { registry, secretariat, outsider } = await networkHelpers.loadFixture(fixture);
      await expect(
        registry.connect(secretariat).registerApplicant("", MemberKind.University, "Hebei", outsider.address),
      ).to.be.revertedWithCustomError(registry, "RegistryEmptyName");
    });

    it("refuses a key that another member uses or once used", async () => {
      const { registry, secretariat, opB, opAOld } = await networkHelpers.loadFixture(fixture);
      for (const key of [opB, opAOld]) {
        await expect(registry.connect(secretariat).registerApplicant("X", 0, "Y", key.address))
          .to.be.revertedWithCustomError(registry, "RegistryOperatorAlreadyUsed")
          .withArgs(key.address);
      }
    });

    it("refuses the zero address as a key", async () => {
      const { registry, secretariat } = await networkHelpers.loadFixture(fixture);
      await expect(
        registry.connect(secretariat).registerApplicant("X", 0, "Y", ZeroAddress),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });
  });

  describe("addOperator / removeOperator", () => {
    it("rotates a key and keeps the old key's validity window", async () => {
      const { registry, opA, opA2 } = await networkHelpers.loadFixture(fixture);
      await registry.connect(opA).addOperator(A, opA2.address);
      const added = await ethers.provider.getBlockNumber();
      await expect(registry.connect(opA2).removeOperator(A, opA.address))
        .to.emit(registry, "OperatorRemoved")
        .withArgs(A, opA.address, opA2.address);
      const removed = await ethers.provider.getBlockNumber();

      expect(await registry.operatorsOf(A)).to.deep.equal([opA2.address]);
      expect(await registry.wasOperatorAt(opA.address, A, removed - 1)).to.equal(true);
      // Inclusive of the removal block: the key signed that block's earlier transactions.
      expect(await registry.wasOperatorAt(opA.address, A, removed)).to.equal(true);
      expect(await registry.wasOperatorAt(opA.address, A, removed + 1)).to.equal(false);
      expect((await registry.operatorKey(opA.address)).validUntilBlock).to.equal(removed);
      expect(await registry.wasOperatorAt(opA2.address, A, added - 1)).to.equal(false);
      expect(await registry.wasOperatorAt(opA2.address, A, removed)).to.equal(true);
      expect(await registry.wasOperatorAt(opA2.address, B, removed)).to.equal(false);
    });

    it("lets no one but the member's own keys manage them: not the secretariat, not another member", async () => {
      const { registry, secretariat, opA2, opA, opB } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(secretariat).addOperator(A, opA2.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      await expect(registry.connect(secretariat).removeOperator(A, opA.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      await expect(registry.connect(opB).addOperator(A, opA2.address))
        .to.be.revertedWithCustomError(registry, "RegistryNotOperatorOf")
        .withArgs(opB.address, A);
      expect(await registry.operatorsOf(A)).to.deep.equal([opA.address]);
    });

    it("refuses to remove a member's last key", async () => {
      const { registry, opA } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(opA).removeOperator(A, opA.address))
        .to.be.revertedWithCustomError(registry, "RegistryLastOperator")
        .withArgs(A);
    });

    it("refuses to remove a key the member does not hold", async () => {
      const { registry, opA, opB } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(opA).removeOperator(A, opB.address))
        .to.be.revertedWithCustomError(registry, "RegistryNotOperatorOf")
        .withArgs(opB.address, A);
    });

    it("refuses an unknown member", async () => {
      const { registry, opA, opA2 } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(opA).addOperator(99, opA2.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownMember")
        .withArgs(99);
    });
  });

  describe("publishIssuerKey", () => {
    const fingerprint = id("z6MkExampleIssuerKey-1");

    it("publishes a member's credential-signing key fingerprints, oldest first, for good", async () => {
      const { registry, opA } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(opA).publishIssuerKey(A, fingerprint))
        .to.emit(registry, "IssuerKeyPublished")
        .withArgs(A, fingerprint, opA.address);
      const first = await ethers.provider.getBlockNumber();
      await registry.connect(opA).publishIssuerKey(A, id("z6MkExampleIssuerKey-2"));
      const keys = await registry.issuerKeys(A);
      expect(keys.map((k) => [k.fingerprint, k.publishedAtBlock])).to.deep.equal([
        [fingerprint, BigInt(first)],
        [id("z6MkExampleIssuerKey-2"), BigInt(first + 1)],
      ]);
      expect(await registry.issuerKeyPublishedAt(A, fingerprint)).to.equal(BigInt(first));
      expect(await registry.issuerKeyPublishedAt(B, fingerprint)).to.equal(0n);
      expect(await registry.issuerKeyPublishedAt(A, id("unknown"))).to.equal(0n);
    });

    it("lets a hostile member neither publish for another school nor block a school's key by publishing it first", async () => {
      const { registry, opA, opB, secretariat } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(opB).publishIssuerKey(A, fingerprint))
        .to.be.revertedWithCustomError(registry, "RegistryNotOperatorOf")
        .withArgs(opB.address, A);
      await expect(registry.connect(secretariat).publishIssuerKey(A, fingerprint))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(secretariat.address);
      // Squatting: B reads A's key from A's public DID document and publishes it first, as its own. That
      // binds the key to B only (B cannot sign with it); A still publishes it, and it is A's on chain.
      await registry.connect(opB).publishIssuerKey(B, fingerprint);
      await registry.connect(opA).publishIssuerKey(A, fingerprint);
      expect(await registry.issuerKeyPublishedAt(A, fingerprint)).to.not.equal(0n);
      await expect(registry.connect(opA).publishIssuerKey(A, fingerprint))
        .to.be.revertedWithCustomError(registry, "RegistryIssuerKeyAlreadyPublished")
        .withArgs(A, fingerprint);
      await expect(registry.connect(opA).publishIssuerKey(A, ZeroHash)).to.be.revertedWithCustomError(
        registry,
        "RegistryZeroFingerprint",
      );
      expect((await registry.issuerKeys(B)).length).to.equal(1);
    });

    it("refuses a suspended member's key", async () => {
      const { registry, opS } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(opS).publishIssuerKey(S, fingerprint)).to.be.revertedWithCustomError(
        registry,
        "RegistryMemberNotActive",
      );
    });
  });

  describe("propose / approve", () => {
    it("admits a member once the quorum approves, not before", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER))
        .to.emit(registry, "ProposalApproved")
        .withArgs(FIRST, council[0].address, 1);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Pending);
      expect(await registry.hasApproved(FIRST, council[0].address)).to.equal(true);

      await expect(registry.connect(council[2]).approve(FIRST))
        .to.emit(registry, "MemberStatusChanged")
        .withArgs(P, MemberStatus.Pending, MemberStatus.Active, FIRST)
        .and.to.emit(registry, "ProposalExecuted")
        .withArgs(FIRST);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Active);
      expect(await registry.activeMemberIds()).to.include.members([BigInt(P)]);
      expect((await registry.proposal(FIRST)).executed).to.equal(true);
    });

    it("suspends and reinstates a member", async () => {
      const { registry, decide } = await networkHelpers.loadFixture(fixture);
      await decide(Action.Suspend, C);
      expect(await registry.memberStatus(C)).to.equal(MemberStatus.Suspended);
      expect(await registry.activeMemberCount()).to.equal(2);
      await decide(Action.Reinstate, C);
      expect(await registry.memberStatus(C)).to.equal(MemberStatus.Active);
      expect(await registry.activeMemberCount()).to.equal(3);
    });

    it("refuses a transition the member's status does not allow, at execution", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).propose(Action.Reinstate, W, NO_CHARTER);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTransition")
        .withArgs(W, MemberStatus.Withdrawn, Action.Reinstate);
    });

    it("amends the charter, and the new quorum applies to later decisions", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      const next = { documentHash: id("charter v2"), version: 2, councilQuorum: 3, proposalLifetime: 7 * 24 * 3600 };
      await registry.connect(council[0]).propose(Action.AmendCharter, 0, next);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.emit(registry, "CharterAmended")
        .withArgs(next.documentHash, 2, 3, next.proposalLifetime, FIRST);
      expect((await registry.charter()).councilQuorum).to.equal(3);
      expect((await registry.charter()).proposalLifetime).to.equal(next.proposalLifetime);

      await registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER);
      await registry.connect(council[1]).approve(SECOND);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Pending);
      await registry.connect(council[2]).approve(SECOND);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Active);
    });

    it("refuses a charter with a zero quorum, a zero lifetime, a version that does not increase, or a quorum above the council", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      for (const bad of [
        { documentHash: id("x"), version: 2, councilQuorum: 0, proposalLifetime: PROPOSAL_LIFETIME },
        { documentHash: id("x"), version: 2, councilQuorum: 2, proposalLifetime: 0 },
        { documentHash: id("x"), version: 1, councilQuorum: 2, proposalLifetime: PROPOSAL_LIFETIME },
      ]) {
        await expect(registry.connect(council[0]).propose(Action.AmendCharter, 0, bad))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidCharter")
          .withArgs(bad.version, bad.councilQuorum);
      }
      await expect(
        registry.connect(council[0]).propose(Action.AmendCharter, 0, {
          documentHash: id("x"),
          version: 2,
          councilQuorum: 4,
          proposalLifetime: 1,
        }),
      )
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(4, 3);
    });

    it("refuses a role or key action through propose", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      for (const action of [Action.GrantRole, Action.RevokeRole, Action.RecoverKey]) {
        await expect(registry.connect(council[0]).propose(action, A, NO_CHARTER))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidProposal")
          .withArgs(action);
      }
    });

    it("sets each proposal's expiry from the charter's lifetime and refuses approvals after it", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER);
      const proposed = (await ethers.provider.getBlock("latest"))!.timestamp;
      const expiresAt = BigInt(proposed + PROPOSAL_LIFETIME);
      expect((await registry.proposal(FIRST)).expiresAt).to.equal(expiresAt);
      await networkHelpers.time.increaseTo(expiresAt + 1n);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryProposalExpired")
        .withArgs(FIRST, expiresAt);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Pending);
    });

    it("refuses a second approval by the same councillor, an executed or unknown proposal", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER);
      await expect(registry.connect(council[0]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryAlreadyApproved")
        .withArgs(FIRST, council[0].address);
      await registry.connect(council[1]).approve(FIRST);
      await expect(registry.connect(council[2]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryProposalExecuted")
        .withArgs(FIRST);
      await expect(registry.connect(council[2]).approve(42))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProposal")
        .withArgs(42);
      await expect(registry.proposal(42)).to.be.revertedWithCustomError(registry, "RegistryUnknownProposal");
    });

    it("refuses a proposal about an unknown member", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(council[0]).propose(Action.Suspend, 77, NO_CHARTER))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownMember")
        .withArgs(77);
    });
  });

  describe("proposeKeyRecovery", () => {
    it("adds a key to a member that lost its keys once the council's quorum approves", async () => {
      const { registry, council, opA, opA2 } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(council[0]).proposeKeyRecovery(A, opA2.address))
        .to.emit(registry, "KeyRecoveryProposed")
        .withArgs(FIRST, A, opA2.address)
        .and.to.emit(registry, "ProposalCreated")
        .withArgs(FIRST, Action.RecoverKey, A, council[0].address);
      expect((await registry.operatorKey(opA2.address)).memberId).to.equal(0);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.emit(registry, "OperatorAdded")
        .withArgs(A, opA2.address, council[1].address);
      const p = await registry.proposal(FIRST);
      expect([p.action, p.memberId, p.account, p.executed]).to.deep.equal([
        BigInt(Action.RecoverKey),
        BigInt(A),
        opA2.address,
        true,
      ]);
      // The recovered key then rotates the lost one out, as any key of the member may.
      await registry.connect(opA2).removeOperator(A, opA.address);
      expect(await registry.operatorsOf(A)).to.deep.equal([opA2.address]);
    });

    it("recovers a suspended member's key too, but refuses a withdrawn member, a used key, zero and an unknown member", async () => {
      const { registry, council, opA, opAOld, outsider } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).proposeKeyRecovery(S, outsider.address);
      await registry.connect(council[1]).approve(FIRST);
      expect(await registry.operatorsOf(S)).to.include(outsider.address);
      const fresh = freshAddress();
      await expect(registry.connect(council[0]).proposeKeyRecovery(W, fresh))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTransition")
        .withArgs(W, MemberStatus.Withdrawn, Action.RecoverKey);
      for (const used of [opA, opAOld]) {
        await expect(registry.connect(council[0]).proposeKeyRecovery(B, used.address))
          .to.be.revertedWithCustomError(registry, "RegistryOperatorAlreadyUsed")
          .withArgs(used.address);
      }
      await expect(registry.connect(council[0]).proposeKeyRecovery(B, ZeroAddress)).to.be.revertedWithCustomError(
        registry,
        "RegistryZeroAddress",
      );
      await expect(registry.connect(council[0]).proposeKeyRecovery(99, fresh))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownMember")
        .withArgs(99);
    });

    it("refuses at execution a key that was used since the proposal", async () => {
      const { registry, council, opB, opA2 } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).proposeKeyRecovery(A, opA2.address);
      await registry.connect(opB).addOperator(B, opA2.address);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryOperatorAlreadyUsed")
        .withArgs(opA2.address);
    });
  });

  describe("roles: bootstrap, then council decisions", () => {
    it("lets the admin grant and revoke roles during bootstrap only", async () => {
      const { registry, admin, councillor1, councillor2, other } = await bootstrapping();
      expect(await registry.bootstrapCompleted()).to.equal(false);
      await registry.grantRole(ROLES.council, councillor1.address);
      await registry.grantRole(ROLES.auditor, other.address);
      await registry.revokeRole(ROLES.auditor, other.address);
      await expect(registry.connect(other).grantRole(ROLES.council, other.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, ROLES.admin);
      // Quorum 2 and one councillor: the bootstrap cannot end yet.
      await expect(registry.completeBootstrap())
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(2, 1);
      await registry.grantRole(ROLES.council, councillor2.address);
      await expect(registry.connect(other).completeBootstrap())
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(other.address, ROLES.admin);
      await expect(registry.completeBootstrap()).to.emit(registry, "BootstrapCompleted").withArgs(admin.address);
      expect(await registry.bootstrapCompleted()).to.equal(true);
      expect(await registry.hasRole(ROLES.admin, admin.address)).to.equal(false);
      await expect(registry.grantRole(ROLES.auditor, other.address))
        .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
        .withArgs(ROLES.auditor, other.address);
      await expect(registry.completeBootstrap()).to.be.revertedWithCustomError(registry, "RegistryBootstrapCompleted");
    });

    it("refuses grantRole and revokeRole to everyone after bootstrap", async () => {
      const { registry, admin, council, secretariat, outsider } = await networkHelpers.loadFixture(fixture);
      for (const caller of [admin, council[0], secretariat]) {
        await expect(registry.connect(caller).grantRole(ROLES.auditor, outsider.address))
          .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
          .withArgs(ROLES.auditor, outsider.address);
        await expect(registry.connect(caller).revokeRole(ROLES.secretariat, secretariat.address))
          .to.be.revertedWithCustomError(registry, "RegistryRoleChangeNeedsCouncil")
          .withArgs(ROLES.secretariat, secretariat.address);
      }
    });

    it("grants and revokes a role by council decision", async () => {
      const { registry, council, outsider } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(council[0]).proposeRoleChange(ROLES.auditor, outsider.address, true))
        .to.emit(registry, "RoleChangeProposed")
        .withArgs(FIRST, ROLES.auditor, outsider.address, true);
      expect(await registry.hasRole(ROLES.auditor, outsider.address)).to.equal(false);
      await expect(registry.connect(council[1]).approve(FIRST)).to.emit(registry, "ProposalExecuted").withArgs(FIRST);
      expect(await registry.hasRole(ROLES.auditor, outsider.address)).to.equal(true);
      const p = await registry.proposal(FIRST);
      expect([p.action, p.role, p.account]).to.deep.equal([BigInt(Action.GrantRole), ROLES.auditor, outsider.address]);

      await registry.connect(council[2]).proposeRoleChange(ROLES.auditor, outsider.address, false);
      await registry.connect(council[0]).approve(SECOND);
      expect(await registry.hasRole(ROLES.auditor, outsider.address)).to.equal(false);
    });

    it("refuses an unknown role (the admin role included), the zero address and a change that changes nothing", async () => {
      const { registry, council, secretariat, outsider } = await networkHelpers.loadFixture(fixture);
      for (const role of [ROLES.admin, id("alliance.role.treasurer")]) {
        await expect(registry.connect(council[0]).proposeRoleChange(role, outsider.address, true))
          .to.be.revertedWithCustomError(registry, "RegistryUnknownRole")
          .withArgs(role);
      }
      await expect(
        registry.connect(council[0]).proposeRoleChange(ROLES.auditor, ZeroAddress, true),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
      await registry.connect(council[0]).proposeRoleChange(ROLES.secretariat, secretariat.address, true);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryRoleUnchanged")
        .withArgs(ROLES.secretariat, secretariat.address);
      await registry.connect(council[0]).proposeRoleChange(ROLES.auditor, outsider.address, false);
      await expect(registry.connect(council[1]).approve(SECOND))
        .to.be.revertedWithCustomError(registry, "RegistryRoleUnchanged")
        .withArgs(ROLES.auditor, outsider.address);
    });

    it("counts only the approvals of councillors still in office", async () => {
      const { registry, council, outsider } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).proposeRoleChange(ROLES.auditor, outsider.address, true); // FIRST
      expect(await registry.approvalsInOffice(FIRST)).to.equal(1);
      // A fourth councillor joins, then council[0] leaves the council.
      const fourth = freshAddress();
      await registry.connect(council[1]).proposeRoleChange(ROLES.council, fourth, true); // SECOND
      await registry.connect(council[2]).approve(SECOND);
      await registry.connect(council[1]).proposeRoleChange(ROLES.council, council[0].address, false); // THIRD
      await registry.connect(council[2]).approve(THIRD);
      expect(await registry.hasRole(ROLES.council, council[0].address)).to.equal(false);
      expect(await registry.approvalsInOffice(FIRST)).to.equal(0);

      await registry.connect(council[1]).approve(FIRST);
      const p = await registry.proposal(FIRST);
      expect([p.approvals, p.executed]).to.deep.equal([2n, false]);
      expect(await registry.approvalsInOffice(FIRST)).to.equal(1);
      await registry.connect(council[2]).approve(FIRST);
      expect(await registry.hasRole(ROLES.auditor, outsider.address)).to.equal(true);
    });

    it("never lets the council shrink below the quorum: revocation or resignation", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).proposeRoleChange(ROLES.council, council[2].address, false); // FIRST
      await registry.connect(council[1]).approve(FIRST);
      expect(await registry.getRoleMemberCount(ROLES.council)).to.equal(2);
      await registry.connect(council[0]).proposeRoleChange(ROLES.council, council[1].address, false); // SECOND
      await expect(registry.connect(council[1]).approve(SECOND))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(2, 1);
      await expect(registry.connect(council[0]).renounceRole(ROLES.council, council[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(2, 1);
      expect(await registry.getRoleMemberCount(ROLES.council)).to.equal(2);
    });

    it("lets a councillor resign while the council stays at least the quorum, and any other holder resign", async () => {
      const { registry, council, auditor } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[2]).renounceRole(ROLES.council, council[2].address);
      expect(await registry.getRoleMemberCount(ROLES.council)).to.equal(2);
      await registry.connect(auditor).renounceRole(ROLES.auditor, auditor.address);
      expect(await registry.hasRole(ROLES.auditor, auditor.address)).to.equal(false);
    });

    it("re-checks an amendment's quorum against the council at execution", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      const next = {
        documentHash: id("charter v2"),
        version: 2,
        councilQuorum: 3,
        proposalLifetime: PROPOSAL_LIFETIME,
      };
      await registry.connect(council[0]).propose(Action.AmendCharter, 0, next); // FIRST
      await registry.connect(council[2]).renounceRole(ROLES.council, council[2].address);
      await expect(registry.connect(council[1]).approve(FIRST))
        .to.be.revertedWithCustomError(registry, "RegistryQuorumExceedsCouncil")
        .withArgs(3, 2);
    });
  });

  describe("charter terms", () => {
    const ids = [A, B, C];

    describe("proposeShares", () => {
      it("refuses lists of different lengths, ids not strictly ascending, an unknown member and shares not adding up to 10,000", async () => {
        const { registry, council } = await networkHelpers.loadFixture(fixture);
        const propose = (memberIds: number[], sharesBps: number[]) =>
          registry.connect(council[0]).proposeShares(0, memberIds, sharesBps);
        await expect(propose(ids, [5000, 5000]))
          .to.be.revertedWithCustomError(registry, "CharterSharesInvalid")
          .withArgs(0);
        await expect(propose([A, A, C], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(registry, "CharterSharesInvalid")
          .withArgs(A);
        await expect(propose([B, A, C], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(registry, "CharterSharesInvalid")
          .withArgs(A);
        await expect(propose([0, A, B], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(registry, "CharterSharesInvalid")
          .withArgs(0);
        await expect(propose([A, B, 99], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(registry, "RegistryUnknownMember")
          .withArgs(99);
        for (const [sharesBps, total] of [
          [[4000, 3500, 2499], 9999],
          [[4000, 3500, 2501], 10_001],
          [[65_535, 65_535, 0], 131_070],
        ] as const) {
          await expect(propose(ids, [...sharesBps]))
            .to.be.revertedWithCustomError(registry, "CharterSharesNotWhole")
            .withArgs(total);
        }
        await expect(propose([], [])).to.be.revertedWithCustomError(registry, "CharterSharesNotWhole").withArgs(0);
        expect(await registry.proposalCount()).to.equal(FIXTURE_PROPOSALS);
      });

      it("decides shares at the quorum, not before: a period's own shares win over the charter's, for that period only", async () => {
        const { registry, council, members, shares } = await networkHelpers.loadFixture(fixture);
        const charterShares = sharesHash(members, shares);
        const own = [5000, 3000, 2000];
        expect(await registry.decidedSharesHash(0)).to.equal(charterShares);
        expect(await registry.decidedSharesHash(5)).to.equal(charterShares);

        await expect(registry.connect(council[0]).proposeShares(5, ids, own))
          .to.emit(registry, "ProposalCreated")
          .withArgs(FIRST, Action.DecideShares, 0, council[0].address)
          .and.to.emit(registry, "SharesProposed")
          .withArgs(FIRST, 5, ids, own)
          .and.to.emit(registry, "ProposalApproved")
          .withArgs(FIRST, council[0].address, 1)
          .and.not.to.emit(registry, "SharesDecided");
        expect(await registry.decidedSharesHash(5)).to.equal(charterShares);
        const pending = await registry.proposal(FIRST);
        expect([pending.action, pending.approvals, pending.executed]).to.deep.equal([
          BigInt(Action.DecideShares),
          1n,
          false,
        ]);

        await expect(registry.connect(council[1]).approve(FIRST))
          .to.emit(registry, "SharesDecided")
          .withArgs(FIRST, 5, sharesHash(ids, own))
          .and.to.emit(registry, "ProposalExecuted")
          .withArgs(FIRST);
        expect(await registry.decidedSharesHash(5)).to.equal(sharesHash(ids, own));
        for (const other of [0, 4, 6]) expect(await registry.decidedSharesHash(other)).to.equal(charterShares);

        // New charter shares change every period without its own, and not period 5.
        const next = [3400, 3300, 3300];
        await registry.connect(council[2]).proposeShares(0, ids, next);
        await expect(registry.connect(council[0]).approve(SECOND))
          .to.emit(registry, "SharesDecided")
          .withArgs(SECOND, 0, sharesHash(ids, next));
        expect(await registry.decidedSharesHash(6)).to.equal(sharesHash(ids, next));
        expect(await registry.decidedSharesHash(5)).to.equal(sharesHash(ids, own));
      });

      it("accepts shares naming a member that is not active: the period's opening checks the active members", async () => {
        const { registry, council } = await networkHelpers.loadFixture(fixture);
        await expect(registry.connect(council[0]).proposeShares(3, [A, B, S], [4000, 3500, 2500]))
          .to.emit(registry, "SharesProposed")
          .withArgs(FIRST, 3, [A, B, S], [4000, 3500, 2500]);
      });

      it("has no shares decided in a new alliance", async () => {
        const { registry } = await bootstrapping();
        expect(await registry.decidedSharesHash(0)).to.equal(ZeroHash);
        expect(await registry.decidedSharesHash(1)).to.equal(ZeroHash);
      });
    });

    describe("proposeContributionRule", () => {
      it("refuses a minimum above 2,000, the highest index there is", async () => {
        const { registry, council } = await networkHelpers.loadFixture(fixture);
        for (const min of [2001, 65_535]) {
          await expect(registry.connect(council[0]).proposeContributionRule(min, 2, 0))
            .to.be.revertedWithCustomError(registry, "CharterRuleInvalid")
            .withArgs(min);
        }
        expect(await registry.proposalCount()).to.equal(FIXTURE_PROPOSALS);
      });

      it("sets the rule at the quorum, not before, and a later rule replaces it", async () => {
        const { registry, council } = await networkHelpers.loadFixture(fixture);
        const rule = async () => {
          const r = await registry.contributionRule();
          return [Number(r.minIndexPermille), Number(r.periodsBeforeSuspension), Number(r.minPeriodDays)];
        };
        expect(await rule()).to.deep.equal([0, 0, 0]);
        await expect(registry.connect(council[0]).proposeContributionRule(2000, 255, 30))
          .to.emit(registry, "ContributionRuleProposed")
          .withArgs(FIRST, 2000, 255, 30)
          .and.to.emit(registry, "ProposalCreated")
          .withArgs(FIRST, Action.SetContributionRule, 0, council[0].address)
          .and.not.to.emit(registry, "ContributionRuleSet");
        expect(await rule()).to.deep.equal([0, 0, 0]);
        await expect(registry.connect(council[1]).approve(FIRST))
          .to.emit(registry, "ContributionRuleSet")
          .withArgs(FIRST, 2000, 255, 30);
        expect(await rule()).to.deep.equal([2000, 255, 30]);

        await registry.connect(council[1]).proposeContributionRule(0, 0, 0);
        await registry.connect(council[2]).approve(SECOND);
        expect(await rule()).to.deep.equal([0, 0, 0]);
      });
    });

    describe("setCostLedger", () => {
      it("is wired to the alliance's cost ledger, and after bootstrap nobody can change it", async () => {
        const { registry, costLedger, admin, council } = await networkHelpers.loadFixture(fixture);
        expect(await registry.costLedger()).to.equal(await costLedger.getAddress());
        for (const caller of [admin, council[0]]) {
          await expect(registry.connect(caller).setCostLedger(caller.address))
            .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
            .withArgs(caller.address, ROLES.admin);
        }
      });

      it("is set once, by the admin, to a non-zero address", async () => {
        const [admin, other, ledger, second] = await ethers.getSigners();
        const registry = await new AllianceRegistry__factory(admin).deploy(admin.address, CHARTER, ZeroAddress);
        expect(await registry.costLedger()).to.equal(ZeroAddress);
        await expect(registry.connect(other).setCostLedger(ledger.address))
          .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
          .withArgs(other.address, ROLES.admin);
        await expect(registry.setCostLedger(ZeroAddress)).to.be.revertedWithCustomError(
          registry,
          "RegistryZeroAddress",
        );
        await expect(registry.setCostLedger(ledger.address))
          .to.emit(registry, "CostLedgerSet")
          .withArgs(ledger.address);
        expect(await registry.costLedger()).to.equal(ledger.address);
        for (const next of [second.address, ledger.address]) {
          await expect(registry.setCostLedger(next))
            .to.be.revertedWithCustomError(registry, "CharterCostLedgerAlreadySet")
            .withArgs(ledger.address);
        }
      });
    });

    describe("proposeLowContributionSuspension", () => {
      it("refuses everyone but the cost ledger: a councillor, the secretariat, a member, the former admin", async () => {
        const { registry, council, secretariat, opC, admin, outsider } = await networkHelpers.loadFixture(fixture);
        for (const caller of [council[0], secretariat, opC, admin, outsider]) {
          await expect(registry.connect(caller).proposeLowContributionSuspension(C, 2))
            .to.be.revertedWithCustomError(registry, "CharterCallerNotCostLedger")
            .withArgs(caller.address);
        }
        expect(await registry.proposalCount()).to.equal(FIXTURE_PROPOSALS);
      });

      it("refuses everyone, the admin included, while no cost ledger is wired", async () => {
        const [admin] = await ethers.getSigners();
        const registry = await new AllianceRegistry__factory(admin).deploy(admin.address, CHARTER, ZeroAddress);
        await expect(registry.proposeLowContributionSuspension(1, 1))
          .to.be.revertedWithCustomError(registry, "CharterCallerNotCostLedger")
          .withArgs(admin.address);
      });

      /** The fixture with the cost ledger's own address as a signer (it has no key: impersonated). */
      async function asCostLedger() {
        const f = await networkHelpers.loadFixture(fixture);
        const address = await f.costLedger.getAddress();
        await networkHelpers.impersonateAccount(address);
        await networkHelpers.setBalance(address, 10n ** 18n);
        return { ...f, ledger: await ethers.getSigner(address) };
      }

      it("opens a suspension proposal with no approvals, which the council decides", async () => {
        const { registry, council, ledger } = await asCostLedger();
        expect(await registry.connect(ledger).proposeLowContributionSuspension.staticCall(C, 2)).to.equal(FIRST);
        await expect(registry.connect(ledger).proposeLowContributionSuspension(C, 2))
          .to.emit(registry, "LowContributionSuspensionProposed")
          .withArgs(FIRST, C, 2)
          .and.to.emit(registry, "ProposalCreated")
          .withArgs(FIRST, Action.Suspend, C, ledger.address)
          .and.not.to.emit(registry, "ProposalApproved");
        const p = await registry.proposal(FIRST);
        expect([p.action, p.memberId, p.approvals, p.executed]).to.deep.equal([
          BigInt(Action.Suspend),
          BigInt(C),
          0n,
          false,
        ]);
        expect(await registry.approvalsInOffice(FIRST)).to.equal(0);
        await registry.connect(council[0]).approve(FIRST);
        expect(await registry.memberStatus(C)).to.equal(MemberStatus.Active);
        await expect(registry.connect(council[1]).approve(FIRST))
          .to.emit(registry, "MemberStatusChanged")
          .withArgs(C, MemberStatus.Active, MemberStatus.Suspended, FIRST);
        // Suspended: no further proposal for it.
        expect(await registry.connect(ledger).proposeLowContributionSuspension.staticCall(C, 3)).to.equal(0);
      });

      it("opens no second proposal for a member while one is open, and one again once it expired", async () => {
        const { registry, ledger } = await asCostLedger();
        await registry.connect(ledger).proposeLowContributionSuspension(C, 2);
        const expiresAt = (await registry.proposal(FIRST)).expiresAt;
        await expect(registry.connect(ledger).proposeLowContributionSuspension(C, 3)).not.to.emit(
          registry,
          "LowContributionSuspensionProposed",
        );
        expect(await registry.proposalCount()).to.equal(FIRST);
        // Another member's proposal is its own.
        await expect(registry.connect(ledger).proposeLowContributionSuspension(B, 3))
          .to.emit(registry, "LowContributionSuspensionProposed")
          .withArgs(SECOND, B, 3);
        // Open until its last second, then expired: a new proposal.
        await networkHelpers.time.setNextBlockTimestamp(expiresAt);
        await expect(registry.connect(ledger).proposeLowContributionSuspension(C, 4)).not.to.emit(
          registry,
          "LowContributionSuspensionProposed",
        );
        await expect(registry.connect(ledger).proposeLowContributionSuspension(C, 5))
          .to.emit(registry, "LowContributionSuspensionProposed")
          .withArgs(THIRD, C, 5);
      });

      it("opens none for a member that is not active", async () => {
        const { registry, ledger } = await asCostLedger();
        for (const m of [S, W, P]) {
          await expect(registry.connect(ledger).proposeLowContributionSuspension(m, 2)).not.to.emit(
            registry,
            "LowContributionSuspensionProposed",
          );
        }
        expect(await registry.proposalCount()).to.equal(FIXTURE_PROPOSALS);
      });
    });
  });

  describe("requireActiveOperator", () => {
    it("names the member of a current key, and the reason for every other account", async () => {
      const { registry, opA, opAOld, opS, opW, opP, outsider } = await networkHelpers.loadFixture(fixture);
      expect(await registry.requireActiveOperator(opA.address)).to.equal(A);
      await expect(registry.requireActiveOperator(outsider.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownOperator")
        .withArgs(outsider.address);
      await expect(registry.requireActiveOperator(opAOld.address))
        .to.be.revertedWithCustomError(registry, "RegistryOperatorRevoked")
        .withArgs(opAOld.address, A);
      for (const [key, member, status] of [
        [opS, S, MemberStatus.Suspended],
        [opW, W, MemberStatus.Withdrawn],
        [opP, P, MemberStatus.Pending],
      ] as const) {
        await expect(registry.requireActiveOperator(key.address))
          .to.be.revertedWithCustomError(registry, "RegistryMemberNotActive")
          .withArgs(member, status);
      }
    });
  });

  describe("Besu permissioning views", () => {
    it("allowlists active members' current keys and role holders only", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const listed = new Set(await f.registry.allowlistedAccounts());
      for (const s of [f.opA, f.opB, f.opC, f.secretariat, f.auditor, f.committee, ...f.council]) {
        expect(listed.has(s.address), s.address).to.equal(true);
      }
      // The bootstrap admin renounced its role and holds no other.
      for (const s of [f.opAOld, f.opS, f.opW, f.opP, f.outsider, f.admin])
        expect(listed.has(s.address), s.address).to.equal(false);
    });

    it("answers transactionAllowed as the allowlist does", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const allowed = (a: string) => f.registry.transactionAllowed(a, ZeroAddress, 0, 0, 0, "0x");
      expect(await allowed(f.opB.address)).to.equal(true);
      expect(await allowed(f.auditor.address)).to.equal(true);
      expect(await allowed(f.opS.address)).to.equal(false);
      expect(await allowed(f.opAOld.address)).to.equal(false);
      expect(await allowed(f.outsider.address)).to.equal(false);
      expect(await allowed(f.admin.address)).to.equal(false);
    });

    it("exposes the role holders through AccessControl", async () => {
      const { registry, secretariat } = await networkHelpers.loadFixture(fixture);
      expect(await registry.hasRole(ROLES.secretariat, secretariat.address)).to.equal(true);
      expect(await registry.getRoleMembers(ROLES.council)).to.have.length(3);
      await expect(registry.requireRole(ROLES.auditor, secretariat.address))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(secretariat.address, ROLES.auditor);
    });
  });

  describe("views", () => {
    it("refuses to describe an unknown member", async () => {
      const { registry } = await networkHelpers.loadFixture(fixture);
      await expect(registry.member(0)).to.be.revertedWithCustomError(registry, "RegistryUnknownMember").withArgs(0);
      expect((await registry.operatorKey(ZeroAddress)).memberId).to.equal(0);
      expect(await registry.memberStatus(B)).to.equal(MemberStatus.Active);
    });
  });
});
