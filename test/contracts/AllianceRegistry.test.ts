import { expect } from "chai";
import { network } from "hardhat";
import { id, ZeroAddress } from "ethers";
import { A, Action, B, C, CHARTER, deployFixture, MemberKind, MemberStatus, NO_CHARTER, P, ROLES, S, W } from "./fixture.js";
import { AllianceRegistry__factory } from "@alliance-ledger/sdk";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);

describe("AllianceRegistry", () => {
  describe("constructor", () => {
    it("refuses a zero admin and a zero quorum", async () => {
      const [deployer] = await ethers.getSigners();
      const factory = new AllianceRegistry__factory(deployer);
      await expect(factory.deploy(ZeroAddress, CHARTER, ZeroAddress)).to.be.revertedWithCustomError(
        { interface: factory.interface },
        "RegistryZeroAddress",
      );
      await expect(factory.deploy(deployer.address, { ...CHARTER, councilQuorum: 0 }, ZeroAddress))
        .to.be.revertedWithCustomError({ interface: factory.interface }, "RegistryInvalidCharter")
        .withArgs(1, 0);
    });
  });

  describe("registerApplicant", () => {
    it("registers a pending member with its first key", async () => {
      const { registry, secretariat, outsider } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(secretariat).registerApplicant("Hebei University", MemberKind.University, "Hebei", outsider.address))
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
      await expect(registry.connect(secretariat).registerApplicant("X", 0, "Y", ZeroAddress)).to.be.revertedWithCustomError(
        registry,
        "RegistryZeroAddress",
      );
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
      expect(await registry.wasOperatorAt(opA.address, A, removed)).to.equal(false);
      expect(await registry.wasOperatorAt(opA2.address, A, added - 1)).to.equal(false);
      expect(await registry.wasOperatorAt(opA2.address, A, removed)).to.equal(true);
      expect(await registry.wasOperatorAt(opA2.address, B, removed)).to.equal(false);
    });

    it("lets the secretariat recover a member's keys", async () => {
      const { registry, secretariat, opA2, opA } = await networkHelpers.loadFixture(fixture);
      await registry.connect(secretariat).addOperator(A, opA2.address);
      await registry.connect(secretariat).removeOperator(A, opA.address);
      expect(await registry.operatorsOf(A)).to.deep.equal([opA2.address]);
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

  describe("propose / approve", () => {
    it("admits a member once the quorum approves, not before", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER))
        .to.emit(registry, "ProposalApproved")
        .withArgs(8, council[0].address, 1);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Pending);
      expect(await registry.hasApproved(8, council[0].address)).to.equal(true);

      await expect(registry.connect(council[2]).approve(8))
        .to.emit(registry, "MemberStatusChanged")
        .withArgs(P, MemberStatus.Pending, MemberStatus.Active, 8)
        .and.to.emit(registry, "ProposalExecuted")
        .withArgs(8);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Active);
      expect(await registry.activeMemberIds()).to.include.members([BigInt(P)]);
      expect((await registry.proposal(8)).executed).to.equal(true);
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
      await expect(registry.connect(council[1]).approve(8))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTransition")
        .withArgs(W, MemberStatus.Withdrawn, Action.Reinstate);
    });

    it("amends the charter, and the new quorum applies to later decisions", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      const next = { documentHash: id("charter v2"), version: 2, councilQuorum: 3 };
      await registry.connect(council[0]).propose(Action.AmendCharter, 0, next);
      await expect(registry.connect(council[1]).approve(8))
        .to.emit(registry, "CharterAmended")
        .withArgs(next.documentHash, 2, 3, 8);
      expect((await registry.charter()).councilQuorum).to.equal(3);

      await registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER);
      await registry.connect(council[1]).approve(9);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Pending);
      await registry.connect(council[2]).approve(9);
      expect(await registry.memberStatus(P)).to.equal(MemberStatus.Active);
    });

    it("refuses a charter with a zero quorum or a version that does not increase", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      for (const bad of [
        { documentHash: id("x"), version: 2, councilQuorum: 0 },
        { documentHash: id("x"), version: 1, councilQuorum: 2 },
      ]) {
        await expect(registry.connect(council[0]).propose(Action.AmendCharter, 0, bad))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidCharter")
          .withArgs(bad.version, bad.councilQuorum);
      }
    });

    it("refuses a second approval by the same councillor, an executed or unknown proposal", async () => {
      const { registry, council } = await networkHelpers.loadFixture(fixture);
      await registry.connect(council[0]).propose(Action.Admit, P, NO_CHARTER);
      await expect(registry.connect(council[0]).approve(8))
        .to.be.revertedWithCustomError(registry, "RegistryAlreadyApproved")
        .withArgs(8, council[0].address);
      await registry.connect(council[1]).approve(8);
      await expect(registry.connect(council[2]).approve(8))
        .to.be.revertedWithCustomError(registry, "RegistryProposalExecuted")
        .withArgs(8);
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
      for (const s of [f.opA, f.opB, f.opC, f.admin, f.secretariat, f.auditor, f.committee, ...f.council]) {
        expect(listed.has(s.address), s.address).to.equal(true);
      }
      for (const s of [f.opAOld, f.opS, f.opW, f.opP, f.outsider]) expect(listed.has(s.address)).to.equal(false);
    });

    it("answers transactionAllowed as the allowlist does", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const allowed = (a: string) => f.registry.transactionAllowed(a, ZeroAddress, 0, 0, 0, "0x");
      expect(await allowed(f.opB.address)).to.equal(true);
      expect(await allowed(f.auditor.address)).to.equal(true);
      expect(await allowed(f.opS.address)).to.equal(false);
      expect(await allowed(f.opAOld.address)).to.equal(false);
      expect(await allowed(f.outsider.address)).to.equal(false);
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
