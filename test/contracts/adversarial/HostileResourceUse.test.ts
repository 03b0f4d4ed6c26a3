import { expect } from "chai";
import { network } from "hardhat";
import { id, ZeroHash } from "ethers";
import { ResourceExchange__factory } from "@alliance-ledger/sdk";
import {
  A,
  B,
  C,
  deployFixture,
  ResourceKind,
  resourceTerms,
  ROLES,
  SEPT_1,
  SEPT_30,
  UseStatus,
  type Fixture,
} from "../fixture.js";

/**
 * The hostile-member suite for shared resources, as in HostileMember.test.ts: each `describe` plays one
 * attack by a member (or the secretariat) against a resource use and asserts the specific custom error,
 * with a control where useful. The fixture's resource 1 is A's lab (20,000 an hour, capacity 40); use 1
 * is B's request, 2 B's accepted use, 3 C's delivered use, 4 B's disputed use, 5 C's declined request.
 */
const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
const PERIOD = 2;
const PRICE = 20_000n;

const lastProposal = (f: Fixture) => f.registry.proposalCount();

describe("Hostile member: shared resources", () => {
  describe("Attack R1: the user acting as the host of its own request", () => {
    it("refuses the user accepting, declining or recording delivery of its own request", async () => {
      const { resourceExchange: rx, opB, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opB).acceptUse(uses.requested, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotHost")
        .withArgs(1, B, A);
      await expect(rx.connect(opB).declineUse(uses.requested, id("no")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotHost")
        .withArgs(1, B, A);
      // Recording a zero delivery would let the user confirm a free use of something it took.
      await expect(rx.connect(opB).recordDelivery(uses.accepted, 0, id("nothing delivered")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotHost")
        .withArgs(1, B, A);
    });

    it("refuses the user confirming before the host recorded a delivery", async () => {
      const { resourceExchange: rx, opB, uses } = await networkHelpers.loadFixture(fixture);
      for (const [useId, status] of [
        [uses.requested, UseStatus.Requested],
        [uses.accepted, UseStatus.Accepted],
      ])
        await expect(rx.connect(opB).confirmUse(useId))
          .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
          .withArgs(useId, status);
    });

    it("refuses the host confirming (and so billing) a use on the user's behalf", async () => {
      const { resourceExchange: rx, costLedger, opA, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opA).confirmUse(uses.delivered))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotUser")
        .withArgs(uses.delivered, A, C);
      expect((await costLedger.memberTotals(PERIOD, C)).feesPayable).to.equal(0n);
    });

    it("refuses a member requesting its own resource (it would be user and host at once)", async () => {
      const { resourceExchange: rx, opA, opB } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opA).requestUse(1, 1, SEPT_1, SEPT_30, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeOwnResource")
        .withArgs(1, A);
      await rx.connect(opB).publishResource(ResourceKind.Equipment, ZeroHash, resourceTerms());
      await expect(rx.connect(opB).requestUse(2, 1, SEPT_1, SEPT_30, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeOwnResource")
        .withArgs(2, B);
    });
  });

  describe("Attack R2: the host billing what it never agreed to deliver", () => {
    it("refuses recording delivery for a declined request", async () => {
      const { resourceExchange: rx, opA, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opA).recordDelivery(uses.declined, 2, id("delivered anyway")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.declined, UseStatus.Declined);
      await expect(rx.connect(opA).acceptUse(uses.declined, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.declined, UseStatus.Declined);
    });

    it("refuses recording delivery for a request it never accepted, or one the user cancelled", async () => {
      const { resourceExchange: rx, opA, opB, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opA).recordDelivery(uses.requested, 8, id("d")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.requested, UseStatus.Requested);
      await rx.connect(opB).cancelUse(uses.requested);
      await expect(rx.connect(opA).acceptUse(uses.requested, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.requested, UseStatus.Cancelled);
      await expect(rx.connect(opA).recordDelivery(uses.requested, 8, id("d")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.requested, UseStatus.Cancelled);
    });

    it("refuses a delivery above the accepted quantity, and a second delivery record", async () => {
      const { resourceExchange: rx, opA, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opA).recordDelivery(uses.accepted, 40, id("d")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidQuantity")
        .withArgs(40, 10);
      await expect(rx.connect(opA).recordDelivery(uses.delivered, 6, id("again")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.delivered, UseStatus.Delivered);
    });

    it("refuses calling the cost ledger's fee accrual directly: only the two wired fee sources may", async () => {
      const { costLedger, opA, secretariat } = await networkHelpers.loadFixture(fixture);
      for (const as of [opA, secretariat])
        await expect(costLedger.connect(as).accrueCourseFee(C, A, 1_000_000n))
          .to.be.revertedWithCustomError(costLedger, "CostLedgerCallerNotCreditLedger")
          .withArgs(as.address);
    });

    it("gives a look-alike exchange no way into the cost ledger", async () => {
      const { costLedger, registry, opA, opC } = await networkHelpers.loadFixture(fixture);
      // Hostile A deploys its own exchange on the real registry and cost ledger, and cannot wire it.
      const fake = await new ResourceExchange__factory(opA).deploy(
        await registry.getAddress(),
        await costLedger.getAddress(),
        await registry.trustedForwarder(),
      );
      await expect(costLedger.connect(opA).setResourceExchange(await fake.getAddress()))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(opA.address, ZeroHash);
      // Driven through a whole use with a colluding C, its accrual is refused.
      await fake.connect(opA).publishResource(ResourceKind.Equipment, ZeroHash, resourceTerms());
      await fake.connect(opC).requestUse(1, 40, SEPT_1, SEPT_30, ZeroHash);
      await fake.connect(opA).acceptUse(1, ZeroHash);
      await fake.connect(opA).recordDelivery(1, 40, id("d"));
      await expect(fake.connect(opC).confirmUse(1))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerCallerNotCreditLedger")
        .withArgs(await fake.getAddress());
      expect((await costLedger.memberTotals(PERIOD, A)).feesReceivable).to.equal(0n);
    });
  });

  describe("Attack R3: touching a dispute that is not one's own", () => {
    it("refuses a third member disputing another pair's delivery", async () => {
      const { resourceExchange: rx, opB, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opB).disputeUse(uses.delivered, id("I was not there")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotParty")
        .withArgs(uses.delivered, B);
    });

    it("refuses the parties settling a dispute themselves: no confirmation, new delivery or resolution", async () => {
      const { resourceExchange: rx, registry, opA, opB, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(opB).confirmUse(uses.disputed))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.disputed, UseStatus.Disputed);
      await expect(rx.connect(opA).recordDelivery(uses.disputed, 1, id("revised")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.disputed, UseStatus.Disputed);
      for (const as of [opA, opB])
        await expect(rx.connect(as).resolveDispute(uses.disputed, 4, id("mine")))
          .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
          .withArgs(as.address, ROLES.secretariat);
      await expect(rx.connect(opA).disputeUse(uses.disputed, id("counter-dispute")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.disputed, UseStatus.Disputed);
    });

    it("refuses a secretariat account that is a key of a party resolving that party's dispute", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const { registry, resourceExchange: rx, costLedger, secretariat, council, uses } = f;
      // The council makes the secretariat's account a key of B, the disputing user.
      await registry.connect(council[0]).proposeKeyRecovery(B, secretariat.address);
      await registry.connect(council[1]).approve(await lastProposal(f));
      await expect(rx.connect(secretariat).resolveDispute(uses.disputed, 0, id("B pays nothing")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeResolverIsParty")
        .withArgs(uses.disputed, secretariat.address);

      // Control: another secretariat account resolves it, once and finally.
      const second = (await ethers.getSigners())[16]; // no role, no key
      await registry.connect(council[0]).proposeRoleChange(ROLES.secretariat, second.address, true);
      await registry.connect(council[2]).approve(await lastProposal(f));
      await expect(rx.connect(second).resolveDispute(uses.disputed, 4, id("all 4 hours held")))
        .to.emit(rx, "DisputeResolved")
        .withArgs(uses.disputed, B, A, 4, 4n * PRICE, PERIOD, id("all 4 hours held"), second.address);
      expect((await costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(4n * PRICE);
      await expect(rx.connect(second).resolveDispute(uses.disputed, 0, id("changed my mind")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.disputed, UseStatus.Resolved);
      await expect(rx.connect(f.opB).disputeUse(uses.disputed, id("again")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.disputed, UseStatus.Resolved);
    });

    it("refuses the secretariat resolving anything that is not disputed", async () => {
      const { resourceExchange: rx, secretariat, uses } = await networkHelpers.loadFixture(fixture);
      await expect(rx.connect(secretariat).resolveDispute(uses.delivered, 0, id("waive the fee")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.delivered, UseStatus.Delivered);
    });
  });

  describe("Attack R4: counting a fee twice", () => {
    it("accrues a use's fee once: no second confirmation, no dispute or resolution after it", async () => {
      const {
        resourceExchange: rx,
        costLedger,
        secretariat,
        opA,
        opC,
        uses,
      } = await networkHelpers.loadFixture(fixture);
      await rx.connect(opC).confirmUse(uses.delivered);
      await expect(rx.connect(opC).confirmUse(uses.delivered))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.delivered, UseStatus.Confirmed);
      await expect(rx.connect(opA).disputeUse(uses.delivered, id("after the fact")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.delivered, UseStatus.Confirmed);
      await expect(rx.connect(secretariat).resolveDispute(uses.delivered, 6, id("r")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(uses.delivered, UseStatus.Confirmed);
      expect((await costLedger.memberTotals(PERIOD, C)).feesPayable).to.equal(6n * PRICE);
      expect((await costLedger.memberTotals(PERIOD, A)).feesReceivable).to.equal(6n * PRICE);
    });
  });

  describe("Attack R5: squatting a resource's capacity", () => {
    it("commits capacity only when the host accepts: a member's oversized requests block nobody", async () => {
      const { resourceExchange: rx, opA, opB, opC } = await networkHelpers.loadFixture(fixture);
      for (let i = 0; i < 5; i++) await rx.connect(opB).requestUse(1, 40, SEPT_1, SEPT_30, ZeroHash);
      expect((await rx.resource(1)).committed).to.equal(10);
      await rx.connect(opC).requestUse(1, 30, SEPT_1, SEPT_30, ZeroHash); // use 11
      await expect(rx.connect(opA).acceptUse(11, ZeroHash))
        .to.emit(rx, "UseAccepted")
        .withArgs(11, ZeroHash, opA.address);
      expect((await rx.resource(1)).committed).to.equal(40);
      await expect(rx.connect(opA).acceptUse(6, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeCapacityExceeded")
        .withArgs(1, 40, 0);
    });
  });
});
