import { expect } from "chai";
import { network } from "hardhat";
import { id, ZeroAddress, ZeroHash } from "ethers";
import {
  addressesOf,
  computeNetPositions,
  createAllianceClient,
  deployAlliance,
  getPeriodTotals,
} from "@alliance-ledger/sdk";
import {
  A,
  B,
  C,
  CHARTER,
  courseFeeAccruals,
  deployFixture,
  ResourceKind,
  resourceTerms,
  ResourceUnit,
  SEPT_1,
  SEPT_30,
  UseStatus,
  type Fixture,
} from "./fixture.js";

/**
 * ResourceExchange: publishing shared resources, and each use's life from request to a confirmed or
 * resolved fee in the cost ledger's open period. The fixture's resource 1 is A's lab at 20,000 minor units
 * an hour, capacity 40, with uses 1 (B, 8 h, Requested), 2 (B, 10 h, Accepted), 3 (C, 6 h, Delivered),
 * 4 (B, 4 h delivered, Disputed) and 5 (C, Declined). Period 2 is open.
 */
const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
const PERIOD = 2;
const PRICE = 20_000n;
const ResourceStatus = { None: 0, Active: 1, Retired: 2 } as const;

async function nets(f: Fixture) {
  const reader = createAllianceClient({ runner: ethers.provider, addresses: await addressesOf(f) });
  return computeNetPositions(await getPeriodTotals(reader, { periodId: PERIOD }));
}

describe("ResourceExchange", () => {
  describe("wiring", () => {
    it("is the cost ledger's second fee source, set once at deployment", async () => {
      const [deployer] = await ethers.getSigners();
      const { costLedger, resourceExchange } = await deployAlliance(deployer, CHARTER);
      expect(await costLedger.resourceExchange()).to.equal(await resourceExchange.getAddress());
      expect(await resourceExchange.costLedger()).to.equal(await costLedger.getAddress());
      await expect(costLedger.connect(deployer).setResourceExchange(ZeroAddress))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerResourceExchangeAlreadySet")
        .withArgs(await resourceExchange.getAddress());
    });

    it("has no admin to rewire it after bootstrap", async () => {
      const { costLedger, registry, admin } = await networkHelpers.loadFixture(fixture);
      await expect(costLedger.connect(admin).setResourceExchange(ZeroAddress))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(admin.address, ZeroHash);
    });
  });

  describe("publishResource", () => {
    it("publishes version 1 hosted by the caller's member", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const terms = resourceTerms({ unit: ResourceUnit.Placement, pricePerUnit: 0n, capacity: 12 });
      await expect(f.resourceExchange.connect(f.opB).publishResource(ResourceKind.PracticeBase, ZeroHash, terms))
        .to.emit(f.resourceExchange, "ResourcePublished")
        .withArgs(2, B, ResourceKind.PracticeBase, ZeroHash)
        .and.to.emit(f.resourceExchange, "ResourceVersionPublished")
        .withArgs(2, 1, Object.values(terms));
      const r = await f.resourceExchange.resource(2);
      expect([r.hostMemberId, r.kind, r.status, r.latestVersion, r.capacity, r.committed]).to.deep.equal([
        BigInt(B),
        BigInt(ResourceKind.PracticeBase),
        BigInt(ResourceStatus.Active),
        1n,
        12n,
        0n,
      ]);
      expect(await f.resourceExchange.resourceVersion(2, 1)).to.deep.equal(Object.values(terms));
      expect(await f.resourceExchange.resourceCount()).to.equal(2);
    });

    it("takes a kind the charter added as Other with its code, and refuses Other without one", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const code = id("alliance.resource-kind.sports-ground");
      await expect(f.resourceExchange.connect(f.opC).publishResource(ResourceKind.Other, code, resourceTerms()))
        .to.emit(f.resourceExchange, "ResourcePublished")
        .withArgs(2, C, ResourceKind.Other, code);
      expect((await f.resourceExchange.resource(2)).kindCode).to.equal(code);
      await expect(f.resourceExchange.connect(f.opC).publishResource(ResourceKind.Other, ZeroHash, resourceTerms()))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeInvalidKind")
        .withArgs(ResourceKind.Other, ZeroHash);
      await expect(f.resourceExchange.connect(f.opC).publishResource(ResourceKind.Equipment, code, resourceTerms()))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeInvalidKind")
        .withArgs(ResourceKind.Equipment, code);
    });

    it("refuses terms without capacity or without a terms document", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(
        f.resourceExchange
          .connect(f.opC)
          .publishResource(ResourceKind.Equipment, ZeroHash, resourceTerms({ capacity: 0 })),
      )
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeInvalidTerms")
        .withArgs(0, id("lab terms v1"));
      await expect(
        f.resourceExchange
          .connect(f.opC)
          .publishResource(ResourceKind.Equipment, ZeroHash, resourceTerms({ termsHash: ZeroHash })),
      )
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeInvalidTerms")
        .withArgs(40, ZeroHash);
    });

    it("refuses unknown resources and versions in the views", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.resourceExchange.resource(9))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeUnknownResource")
        .withArgs(9);
      for (const v of [0, 2])
        await expect(f.resourceExchange.resourceVersion(1, v))
          .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeUnknownVersion")
          .withArgs(1, v);
      await expect(f.resourceExchange.use(99))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeUnknownUse")
        .withArgs(99);
    });
  });

  describe("publishResourceVersion and retireResource", () => {
    it("publishes a new version that new requests take, while earlier uses keep theirs", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const v2 = resourceTerms({ pricePerUnit: 25_000n, capacity: 50, termsHash: id("lab terms v2") });
      await expect(f.resourceExchange.connect(f.opA).publishResourceVersion(1, v2))
        .to.emit(f.resourceExchange, "ResourceVersionPublished")
        .withArgs(1, 2, Object.values(v2));
      expect((await f.resourceExchange.resource(1)).capacity).to.equal(50);
      await f.resourceExchange.connect(f.opC).requestUse(1, 45, SEPT_1, SEPT_30, ZeroHash);
      expect((await f.resourceExchange.use(6)).version).to.equal(2);
      expect((await f.resourceExchange.use(3)).version).to.equal(1);
      // Use 3 (6 h delivered under version 1) is billed at version 1's price.
      await f.resourceExchange.connect(f.opC).confirmUse(3);
      expect(await f.resourceExchange.useFee(3)).to.equal(6n * PRICE);
    });

    it("refuses a version or retirement by anyone but the host, and of a retired resource", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.resourceExchange.connect(f.opB).publishResourceVersion(1, resourceTerms()))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeNotHost")
        .withArgs(1, B, A);
      await expect(f.resourceExchange.connect(f.opA).publishResourceVersion(1, resourceTerms({ capacity: 0 })))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeInvalidTerms")
        .withArgs(0, id("lab terms v1"));
      await expect(f.resourceExchange.connect(f.opA).retireResource(1))
        .to.emit(f.resourceExchange, "ResourceRetired")
        .withArgs(1, A);
      expect((await f.resourceExchange.resource(1)).status).to.equal(ResourceStatus.Retired);
      await expect(f.resourceExchange.connect(f.opA).retireResource(1))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeResourceRetired")
        .withArgs(1);
      await expect(f.resourceExchange.connect(f.opA).publishResourceVersion(1, resourceTerms()))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeResourceRetired")
        .withArgs(1);
      await expect(f.resourceExchange.connect(f.opA).publishResourceVersion(7, resourceTerms()))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeUnknownResource")
        .withArgs(7);
    });

    it("refuses new requests for a retired resource, while uses under way finish and are paid", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.resourceExchange.connect(f.opA).retireResource(1);
      await expect(f.resourceExchange.connect(f.opB).requestUse(1, 1, SEPT_1, SEPT_30, ZeroHash))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeResourceRetired")
        .withArgs(1);
      await f.resourceExchange.connect(f.opA).acceptUse(1, ZeroHash);
      await f.resourceExchange.connect(f.opA).recordDelivery(1, 8, id("delivery 1"));
      await f.resourceExchange.connect(f.opB).confirmUse(1);
      expect((await f.costLedger.memberTotals(PERIOD, B)).feesPayable).to.equal(8n * PRICE);
    });
  });

  describe("requestUse and cancelUse", () => {
    it("records a request under the latest version, with the intern's commitment in the event only", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const intern = id("salted commitment of an intern");
      await expect(f.resourceExchange.connect(f.opC).requestUse(1, 3, SEPT_1, SEPT_1, intern))
        .to.emit(f.resourceExchange, "UseRequested")
        .withArgs(6, 1, C, 1, A, 3, SEPT_1, SEPT_1, intern);
      expect(await f.resourceExchange.use(6)).to.deep.equal([
        1n,
        1n,
        BigInt(UseStatus.Requested),
        BigInt(C),
        3n,
        0n,
        0n,
        BigInt(SEPT_1),
        BigInt(SEPT_1),
      ]);
      expect(await f.resourceExchange.useCount()).to.equal(6);
    });

    it("refuses the host's own request, a zero or oversized quantity, bad dates and unknown resources", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await expect(rx.connect(f.opA).requestUse(1, 1, SEPT_1, SEPT_30, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeOwnResource")
        .withArgs(1, A);
      for (const q of [0, 41])
        await expect(rx.connect(f.opB).requestUse(1, q, SEPT_1, SEPT_30, ZeroHash))
          .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidQuantity")
          .withArgs(q, 40);
      await expect(rx.connect(f.opB).requestUse(1, 1, SEPT_30, SEPT_1, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidDates")
        .withArgs(SEPT_30, SEPT_1);
      await expect(rx.connect(f.opB).requestUse(1, 1, 0, SEPT_1, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidDates")
        .withArgs(0, SEPT_1);
      await expect(rx.connect(f.opB).requestUse(2, 1, SEPT_1, SEPT_30, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeUnknownResource")
        .withArgs(2);
    });

    it("lets the user cancel its request before the host decides, and only then", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await expect(rx.connect(f.opA).cancelUse(f.uses.requested))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotUser")
        .withArgs(f.uses.requested, A, B);
      await expect(rx.connect(f.opB).cancelUse(f.uses.requested))
        .to.emit(rx, "UseCancelled")
        .withArgs(f.uses.requested, f.opB.address);
      expect((await rx.use(f.uses.requested)).status).to.equal(UseStatus.Cancelled);
      for (const useId of [f.uses.requested, f.uses.accepted])
        await expect(rx.connect(f.opB).cancelUse(useId)).to.be.revertedWithCustomError(
          rx,
          "ResourceExchangeInvalidStatus",
        );
      await expect(rx.connect(f.opB).cancelUse(99))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeUnknownUse")
        .withArgs(99);
    });
  });

  describe("acceptUse, declineUse and capacity", () => {
    it("accepts within capacity, with the seconded teacher's commitment in the event", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const teacher = id("salted commitment of a teacher");
      await expect(f.resourceExchange.connect(f.opA).acceptUse(f.uses.requested, teacher))
        .to.emit(f.resourceExchange, "UseAccepted")
        .withArgs(f.uses.requested, teacher, f.opA.address);
      expect((await f.resourceExchange.resource(1)).committed).to.equal(18);
    });

    it("refuses to accept beyond the capacity left, and frees capacity on delivery", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await rx.connect(f.opC).requestUse(1, 31, SEPT_1, SEPT_30, ZeroHash); // use 6; 10 committed
      await expect(rx.connect(f.opA).acceptUse(6, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeCapacityExceeded")
        .withArgs(1, 31, 30);
      await rx.connect(f.opA).recordDelivery(f.uses.accepted, 10, id("delivery 2"));
      expect((await rx.resource(1)).committed).to.equal(0);
      await rx.connect(f.opA).acceptUse(6, ZeroHash);
      expect((await rx.resource(1)).committed).to.equal(31);
    });

    it("leaves nothing free when a new version's capacity is below what is committed", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await rx.connect(f.opA).publishResourceVersion(1, resourceTerms({ capacity: 5 }));
      await rx.connect(f.opB).requestUse(1, 1, SEPT_1, SEPT_30, ZeroHash);
      await expect(rx.connect(f.opA).acceptUse(6, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeCapacityExceeded")
        .withArgs(1, 1, 0);
    });

    it("declines with a reason, and refuses deciding twice or by anyone but the host", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await expect(rx.connect(f.opA).declineUse(f.uses.requested, ZeroHash)).to.be.revertedWithCustomError(
        rx,
        "ResourceExchangeMissingReason",
      );
      await expect(rx.connect(f.opB).declineUse(f.uses.requested, id("no")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeNotHost")
        .withArgs(1, B, A);
      await expect(rx.connect(f.opA).declineUse(f.uses.requested, id("fully booked")))
        .to.emit(rx, "UseDeclined")
        .withArgs(f.uses.requested, id("fully booked"), f.opA.address);
      await expect(rx.connect(f.opA).acceptUse(f.uses.requested, ZeroHash))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.requested, UseStatus.Declined);
      await expect(rx.connect(f.opA).declineUse(f.uses.accepted, id("changed my mind")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.accepted, UseStatus.Accepted);
    });
  });

  describe("recordDelivery", () => {
    it("records the delivered quantity, up to the accepted one, with the delivery record's hash", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await expect(rx.connect(f.opA).recordDelivery(f.uses.accepted, 11, id("d")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidQuantity")
        .withArgs(11, 10);
      await expect(rx.connect(f.opA).recordDelivery(f.uses.accepted, 9, ZeroHash)).to.be.revertedWithCustomError(
        rx,
        "ResourceExchangeMissingReason",
      );
      await expect(rx.connect(f.opA).recordDelivery(f.uses.accepted, 9, id("delivery 2")))
        .to.emit(rx, "UseDelivered")
        .withArgs(f.uses.accepted, 9, id("delivery 2"), f.opA.address);
      const u = await rx.use(f.uses.accepted);
      expect([u.status, u.deliveredQuantity]).to.deep.equal([BigInt(UseStatus.Delivered), 9n]);
      await expect(rx.connect(f.opA).recordDelivery(f.uses.accepted, 9, id("again")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.accepted, UseStatus.Delivered);
    });
  });

  describe("confirmUse", () => {
    it("accrues the fee into the open period like a course fee: payable by the user, receivable by the host", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const tx = await f.resourceExchange.connect(f.opC).confirmUse(f.uses.delivered);
      await expect(tx)
        .to.emit(f.resourceExchange, "UseConfirmed")
        .withArgs(f.uses.delivered, C, A, 6, 6n * PRICE, PERIOD, f.opC.address);
      expect(await courseFeeAccruals(ethers, f.costLedger, tx.hash)).to.deep.equal([
        { payerId: C, payeeId: A, amount: 6n * PRICE },
      ]);
      expect((await f.costLedger.memberTotals(PERIOD, C)).feesPayable).to.equal(6n * PRICE);
      expect((await f.costLedger.memberTotals(PERIOD, A)).feesReceivable).to.equal(6n * PRICE);
      const u = await f.resourceExchange.use(f.uses.delivered);
      expect([u.status, u.billedQuantity]).to.deep.equal([BigInt(UseStatus.Confirmed), 6n]);
      expect(await f.resourceExchange.useFee(f.uses.delivered)).to.equal(6n * PRICE);
      await expect(f.resourceExchange.connect(f.opC).confirmUse(f.uses.delivered))
        .to.be.revertedWithCustomError(f.resourceExchange, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.delivered, UseStatus.Confirmed);
    });

    it("refuses while no period is open: the use stays Delivered and is confirmed in the next period", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 2"), [0, 0, 0]);
      await expect(f.resourceExchange.connect(f.opC).confirmUse(f.uses.delivered)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerNoOpenPeriod",
      );
      expect((await f.resourceExchange.use(f.uses.delivered)).status).to.equal(UseStatus.Delivered);
      await f.costLedger.connect(f.secretariat).openPeriod(f.currency, f.members, f.shares);
      await expect(f.resourceExchange.connect(f.opC).confirmUse(f.uses.delivered))
        .to.emit(f.resourceExchange, "UseConfirmed")
        .withArgs(f.uses.delivered, C, A, 6, 6n * PRICE, 3, f.opC.address);
      expect((await f.costLedger.memberTotals(3, C)).feesPayable).to.equal(6n * PRICE);
    });

    it("confirms a free resource's use without any period (no fee, period 0)", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await rx
        .connect(f.opB)
        .publishResource(
          ResourceKind.LibraryOrDigitalCollection,
          ZeroHash,
          resourceTerms({ unit: ResourceUnit.Licence, pricePerUnit: 0n }),
        );
      await rx.connect(f.opA).requestUse(2, 5, SEPT_1, SEPT_30, ZeroHash);
      await rx.connect(f.opB).acceptUse(6, ZeroHash);
      await rx.connect(f.opB).recordDelivery(6, 5, id("licences issued"));
      await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 2"), [0, 0, 0]);
      const tx = await rx.connect(f.opA).confirmUse(6);
      await expect(tx).to.emit(rx, "UseConfirmed").withArgs(6, A, B, 5, 0, 0, f.opA.address);
      expect(await courseFeeAccruals(ethers, f.costLedger, tx.hash)).to.deep.equal([]);
    });

    it("refuses a fee that does not fit 64 bits", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await rx
        .connect(f.opB)
        .publishResource(ResourceKind.Equipment, ZeroHash, resourceTerms({ pricePerUnit: 2n ** 63n }));
      await rx.connect(f.opA).requestUse(2, 2, SEPT_1, SEPT_30, ZeroHash);
      await rx.connect(f.opB).acceptUse(6, ZeroHash);
      await rx.connect(f.opB).recordDelivery(6, 2, id("delivered"));
      await expect(rx.connect(f.opA).confirmUse(6)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerAmountOverflow",
      );
    });

    it("closes the period with resource fees: the nets from chain sum to zero and close it", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.resourceExchange.connect(f.opC).confirmUse(f.uses.delivered);
      await f.resourceExchange.connect(f.secretariat).resolveDispute(f.uses.disputed, 3, id("3 hours held"));
      const computed = await nets(f);
      expect(computed.reduce((s, n) => s + n.net, 0n)).to.equal(0n);
      expect(computed.map((n) => n.net)).to.deep.equal([9n * PRICE, -3n * PRICE, -6n * PRICE]);
      await expect(
        f.costLedger.connect(f.secretariat).closePeriod(
          PERIOD,
          id("report 2"),
          computed.map((n) => n.net),
        ),
      ).to.emit(f.costLedger, "PeriodClosed");
    });
  });

  describe("disputeUse and resolveDispute", () => {
    it("lets the user, or the host, dispute a delivery with a reason", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await expect(rx.connect(f.opC).disputeUse(f.uses.delivered, ZeroHash)).to.be.revertedWithCustomError(
        rx,
        "ResourceExchangeMissingReason",
      );
      await expect(rx.connect(f.opA).disputeUse(f.uses.delivered, id("user neither confirms nor disputes")))
        .to.emit(rx, "UseDisputed")
        .withArgs(f.uses.delivered, A, id("user neither confirms nor disputes"), f.opA.address);
      await expect(rx.connect(f.opC).confirmUse(f.uses.delivered))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.delivered, UseStatus.Disputed);
      await expect(rx.connect(f.opB).disputeUse(f.uses.accepted, id("not delivered yet")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.accepted, UseStatus.Accepted);
    });

    it("resolves with a final quantity up to the delivered one, on record, accruing its fee", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const rx = f.resourceExchange;
      await expect(rx.connect(f.secretariat).resolveDispute(f.uses.disputed, 5, id("r")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidQuantity")
        .withArgs(5, 4);
      await expect(
        rx.connect(f.secretariat).resolveDispute(f.uses.disputed, 3, ZeroHash),
      ).to.be.revertedWithCustomError(rx, "ResourceExchangeMissingReason");
      const tx = await rx.connect(f.secretariat).resolveDispute(f.uses.disputed, 3, id("3 hours held"));
      await expect(tx)
        .to.emit(rx, "DisputeResolved")
        .withArgs(f.uses.disputed, B, A, 3, 3n * PRICE, PERIOD, id("3 hours held"), f.secretariat.address);
      expect(await courseFeeAccruals(ethers, f.costLedger, tx.hash)).to.deep.equal([
        { payerId: B, payeeId: A, amount: 3n * PRICE },
      ]);
      const u = await rx.use(f.uses.disputed);
      expect([u.status, u.deliveredQuantity, u.billedQuantity]).to.deep.equal([BigInt(UseStatus.Resolved), 4n, 3n]);
      await expect(rx.connect(f.secretariat).resolveDispute(f.uses.disputed, 4, id("second thoughts")))
        .to.be.revertedWithCustomError(rx, "ResourceExchangeInvalidStatus")
        .withArgs(f.uses.disputed, UseStatus.Resolved);
    });

    it("resolves to zero without touching the cost ledger", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const tx = await f.resourceExchange.connect(f.secretariat).resolveDispute(f.uses.disputed, 0, id("nothing held"));
      await expect(tx)
        .to.emit(f.resourceExchange, "DisputeResolved")
        .withArgs(f.uses.disputed, B, A, 0, 0, 0, id("nothing held"), f.secretariat.address);
      expect(await courseFeeAccruals(ethers, f.costLedger, tx.hash)).to.deep.equal([]);
    });

    it("refuses a resolution while no period is open; the dispute waits", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 2"), [0, 0, 0]);
      await expect(
        f.resourceExchange.connect(f.secretariat).resolveDispute(f.uses.disputed, 4, id("all held")),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerNoOpenPeriod");
      expect((await f.resourceExchange.use(f.uses.disputed)).status).to.equal(UseStatus.Disputed);
    });
  });
});
