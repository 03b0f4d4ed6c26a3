import { expect } from "chai";
import { network } from "hardhat";
import { AbiCoder, encodeBytes32String, id, keccak256, ZeroAddress, ZeroHash, type BytesLike } from "ethers";
import {
  addressesOf,
  computeNetPositions,
  createAllianceClient,
  deployAlliance,
  getPeriodTotals,
} from "@alliance-ledger/sdk";
import { A, acceptRequest, Action, B, C, CHARTER, deployFixture, EntryKind, P, S, type Fixture } from "./fixture.js";
import type { CostLedger } from "@alliance-ledger/sdk";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
const PERIOD = 2;
const EntryStatus = { None: 0, Claimed: 1, Confirmed: 2, Rejected: 3 } as const;
const PeriodStatus = { None: 0, Open: 1, Closed: 2 } as const;

let entrySeq = 0;
/** The entry id the ledger gives member `memberId`'s entry with its own reference `memberRef`. */
const entryIdOf = (memberId: number, memberRef: BytesLike) =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "bytes32"], [memberId, memberRef]));

/** A claim by member `memberId` with a fresh reference; `entryId` (not part of the claim) is the id it gets. */
function claim(
  memberId: number,
  kind: number,
  amount: bigint,
  overrides: Partial<Parameters<CostLedger["claimEntry"]>[0]> = {},
) {
  entrySeq += 1;
  const c = {
    memberRef: id(`entry-${entrySeq}`),
    periodId: PERIOD,
    kind,
    amount,
    category: ZeroHash,
    quantity: 0n,
    unitValue: 0n,
    reverses: ZeroHash,
    evidenceHash: id(`evidence-${entrySeq}`),
    ...overrides,
  };
  return { ...c, entryId: entryIdOf(memberId, c.memberRef) };
}

/** Reads every member's on-chain totals for the open period and computes nets with the SDK. */
async function netsFromChain(f: Fixture, periodId = PERIOD) {
  const reader = createAllianceClient({ runner: ethers.provider, addresses: await addressesOf(f) });
  return computeNetPositions(await getPeriodTotals(reader, { periodId }));
}

async function confirmed(f: Fixture, signer: Fixture["opA"], c: ReturnType<typeof claim>) {
  await f.costLedger.connect(signer).claimEntry(c);
  await f.costLedger.connect(f.secretariat).confirmEntry(c.entryId);
}

describe("CostLedger", () => {
  describe("setCreditLedger", () => {
    it("is set once at deployment and cannot be changed, even by the admin during bootstrap", async () => {
      const [deployer] = await ethers.getSigners();
      const { costLedger, creditLedger } = await deployAlliance(deployer, CHARTER);
      expect(await costLedger.creditLedger()).to.equal(await creditLedger.getAddress());
      await expect(costLedger.connect(deployer).setCreditLedger(ZeroAddress))
        .to.be.revertedWithCustomError(costLedger, "CostLedgerCreditLedgerAlreadySet")
        .withArgs(await creditLedger.getAddress());
    });

    it("has no admin to call it after bootstrap", async () => {
      const { costLedger, creditLedger, registry, admin } = await networkHelpers.loadFixture(fixture);
      expect(await costLedger.creditLedger()).to.equal(await creditLedger.getAddress());
      await expect(costLedger.connect(admin).setCreditLedger(ZeroAddress))
        .to.be.revertedWithCustomError(registry, "RegistryMissingRole")
        .withArgs(admin.address, ZeroHash);
    });
  });

  describe("openPeriod", () => {
    it("opens a period listing every active member's share", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const [ids, shares] = await f.costLedger.periodMembers(PERIOD);
      expect(ids).to.deep.equal([1n, 2n, 3n]);
      expect(shares).to.deep.equal([4000n, 3500n, 2500n]);
      const p = await f.costLedger.period(PERIOD);
      expect(p.status).to.equal(PeriodStatus.Open);
      expect(p.currency).to.equal("0x434e59");
      expect(await f.costLedger.openPeriodId()).to.equal(PERIOD);
      expect(await f.costLedger.periodCount()).to.equal(2);
    });

    it("refuses a second open period", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.costLedger.connect(f.secretariat).openPeriod(f.currency, f.members, f.shares))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerPeriodStillOpen")
        .withArgs(PERIOD);
    });

    describe("with no period open", () => {
      const closed = async () => {
        const f = await networkHelpers.loadFixture(fixture);
        await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [0, 0, 0]);
        return {
          f,
          open: (currency: string, ids: number[], shares: number[]) =>
            f.costLedger.connect(f.secretariat).openPeriod(currency, ids, shares),
        };
      };

      it("refuses a zero currency and mismatched lists", async () => {
        const { f, open } = await closed();
        await expect(open("0x000000", [A, B, C], [4000, 3500, 2500])).to.be.revertedWithCustomError(
          f.costLedger,
          "CostLedgerInvalidCurrency",
        );
        await expect(open(f.currency, [A, B, C], [5000, 5000]))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSharesLengthMismatch")
          .withArgs(3, 2);
      });

      it("refuses a list that leaves out an active member", async () => {
        const { f, open } = await closed();
        await expect(open(f.currency, [A, B], [5000, 5000]))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerMembersIncomplete")
          .withArgs(2, 3);
      });

      it("refuses duplicates or disorder, and an inactive member", async () => {
        const { f, open } = await closed();
        await expect(open(f.currency, [A, A, C], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerMembersNotAscending")
          .withArgs(A);
        await expect(open(f.currency, [A, B, S], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(f.registry, "RegistryMemberNotActive")
          .withArgs(S, 3);
      });

      it("refuses shares that do not sum to 10,000 basis points", async () => {
        const { f, open } = await closed();
        await expect(open(f.currency, [A, B, C], [4000, 3500, 2499]))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSharesNotWhole")
          .withArgs(9999);
      });
    });
  });

  describe("claimEntry / confirmEntry / rejectEntry", () => {
    it("counts a cash contribution only once the secretariat confirms it", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const c = claim(A, EntryKind.CashContribution, 1_000_000n);
      await expect(f.costLedger.connect(f.opA).claimEntry(c))
        .to.emit(f.costLedger, "EntryClaimed")
        .withArgs(
          c.entryId,
          PERIOD,
          A,
          EntryKind.CashContribution,
          1_000_000n,
          ZeroHash,
          0,
          0,
          ZeroHash,
          c.evidenceHash,
        );
      expect((await f.costLedger.memberTotals(PERIOD, A)).contributed).to.equal(0n);
      expect((await f.costLedger.period(PERIOD)).pendingEntries).to.equal(1);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(c.entryId))
        .to.emit(f.costLedger, "EntryConfirmed")
        .withArgs(c.entryId, PERIOD, A, f.secretariat.address);
      expect((await f.costLedger.memberTotals(PERIOD, A)).contributed).to.equal(1_000_000n);
      expect((await f.costLedger.entry(c.entryId)).status).to.equal(EntryStatus.Confirmed);
      expect((await f.costLedger.period(PERIOD)).pendingEntries).to.equal(0);
    });

    it("values an in-kind contribution as quantity x unit value", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const c = claim(C, EntryKind.InKindContribution, 120n * 35_000n, {
        category: id("lab-hours"),
        quantity: 120n,
        unitValue: 35_000n,
      });
      await confirmed(f, f.opC, c);
      expect((await f.costLedger.memberTotals(PERIOD, C)).contributed).to.equal(4_200_000n);
      const bad = claim(C, EntryKind.InKindContribution, 100n, {
        category: id("lab-hours"),
        quantity: 3n,
        unitValue: 34n,
      });
      await expect(f.costLedger.connect(f.opC).claimEntry(bad))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerInKindValueMismatch")
        .withArgs(100, 3, 34);
      const noCategory = claim(C, EntryKind.InKindContribution, 102n, { quantity: 3n, unitValue: 34n });
      await expect(f.costLedger.connect(f.opC).claimEntry(noCategory)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerInKindValueMismatch",
      );
    });

    it("records an expense paid for the alliance and reverses it with a reversal entry", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const expense = claim(B, EntryKind.ExpensePaid, 50_000n);
      await confirmed(f, f.opB, expense);
      expect((await f.costLedger.memberTotals(PERIOD, B)).expensesPaid).to.equal(50_000n);
      const reversal = claim(B, EntryKind.Reversal, 50_000n, { reverses: expense.entryId });
      await confirmed(f, f.opB, reversal);
      expect((await f.costLedger.memberTotals(PERIOD, B)).expensesPaid).to.equal(0n);
      expect((await f.costLedger.entry(expense.entryId)).reversed).to.equal(true);
    });

    it("refuses reversals of another member's, unconfirmed, already reversed or differently sized entries", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const original = claim(A, EntryKind.CashContribution, 10_000n);
      await f.costLedger.connect(f.opA).claimEntry(original);
      const early = claim(A, EntryKind.Reversal, 10_000n, { reverses: original.entryId });
      await expect(f.costLedger.connect(f.opA).claimEntry(early))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal")
        .withArgs(early.entryId, original.entryId);
      await f.costLedger.connect(f.secretariat).confirmEntry(original.entryId);

      await expect(
        f.costLedger.connect(f.opB).claimEntry(claim(B, EntryKind.Reversal, 10_000n, { reverses: original.entryId })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal");
      await expect(
        f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.Reversal, 9_999n, { reverses: original.entryId })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal");

      // Two reversal claims may both pass the claim check; only the first confirmation takes effect.
      const first = claim(A, EntryKind.Reversal, 10_000n, { reverses: original.entryId });
      const second = claim(A, EntryKind.Reversal, 10_000n, { reverses: original.entryId });
      await f.costLedger.connect(f.opA).claimEntry(first);
      await f.costLedger.connect(f.opA).claimEntry(second);
      await f.costLedger.connect(f.secretariat).confirmEntry(first.entryId);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(second.entryId))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal")
        .withArgs(second.entryId, original.entryId);
      await expect(
        f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.Reversal, 10_000n, { reverses: first.entryId })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal");
    });

    it("derives the entry id from the member and its reference; refuses a reference used before, a zero reference, a zero amount and missing evidence", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const c = claim(A, EntryKind.CashContribution, 5n);
      expect(await f.costLedger.entryIdOf(A, c.memberRef)).to.equal(c.entryId);
      await f.costLedger.connect(f.opA).claimEntry(c);
      expect((await f.costLedger.entry(c.entryId)).memberId).to.equal(A);
      await expect(f.costLedger.connect(f.opA).claimEntry({ ...c }))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerEntryExists")
        .withArgs(c.entryId);
      // Another member's same reference is another entry.
      await f.costLedger.connect(f.opB).claimEntry({ ...c });
      expect((await f.costLedger.entry(entryIdOf(B, c.memberRef))).memberId).to.equal(B);
      await expect(
        f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.CashContribution, 5n, { memberRef: ZeroHash })),
      )
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerEntryExists")
        .withArgs(entryIdOf(A, ZeroHash));
      await expect(
        f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.CashContribution, 0n)),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerZeroAmount");
      await expect(
        f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.CashContribution, 5n, { evidenceHash: ZeroHash })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerMissingEvidence");
    });

    it("refuses an unknown period, a closed period and a member not in the period", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.CashContribution, 5n, { periodId: 9 })))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerUnknownPeriod")
        .withArgs(9);
      await expect(f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.CashContribution, 5n, { periodId: 1 })))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerPeriodNotOpen")
        .withArgs(1, PeriodStatus.Closed);
      await f.decide(Action.Admit, P);
      await expect(f.costLedger.connect(f.opP).claimEntry(claim(P, EntryKind.CashContribution, 5n)))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerMemberNotInPeriod")
        .withArgs(PERIOD, P);
    });

    it("rejects an entry with a reason; it never counts and cannot be confirmed", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const c = claim(C, EntryKind.ExpensePaid, 7_000n);
      await f.costLedger.connect(f.opC).claimEntry(c);
      await expect(f.costLedger.connect(f.secretariat).rejectEntry(c.entryId, 0)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerMissingReason",
      );
      await expect(f.costLedger.connect(f.secretariat).rejectEntry(c.entryId, 4))
        .to.emit(f.costLedger, "EntryRejected")
        .withArgs(c.entryId, PERIOD, C, 4, f.secretariat.address);
      expect((await f.costLedger.memberTotals(PERIOD, C)).expensesPaid).to.equal(0n);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(c.entryId))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerEntryNotClaimed")
        .withArgs(c.entryId, EntryStatus.Rejected);
      await expect(f.costLedger.connect(f.secretariat).rejectEntry(id("unknown"), 4))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerUnknownEntry")
        .withArgs(id("unknown"));
      await expect(f.costLedger.entry(id("unknown"))).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerUnknownEntry",
      );
    });

    it("refuses confirmation by a secretariat account that was a key of the entry's member, one by one or in a batch", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      // The council made the secretariat's account a key of C; C then rotated it out.
      await f.registry.connect(f.council[0]).proposeKeyRecovery(C, f.secretariat.address);
      await f.registry.connect(f.council[1]).approve(await f.registry.proposalCount());
      await f.registry.connect(f.opC).removeOperator(C, f.secretariat.address);
      const own = claim(C, EntryKind.ExpensePaid, 700n);
      const other = claim(A, EntryKind.ExpensePaid, 300n);
      await f.costLedger.connect(f.opC).claimEntry(own);
      await f.costLedger.connect(f.opA).claimEntry(other);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(own.entryId))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSelfConfirmation")
        .withArgs(own.entryId, f.secretariat.address);
      await expect(f.costLedger.connect(f.secretariat).confirmEntries([other.entryId, own.entryId]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSelfConfirmation")
        .withArgs(own.entryId, f.secretariat.address);
      // Entries of other members it still confirms.
      await f.costLedger.connect(f.secretariat).confirmEntry(other.entryId);
      expect((await f.costLedger.memberTotals(PERIOD, A)).expensesPaid).to.equal(300n);
      expect((await f.costLedger.entry(own.entryId)).status).to.equal(EntryStatus.Claimed);
    });

    it("claims and confirms several entries in one transaction each", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const claims = [
        claim(B, EntryKind.CashContribution, 100n),
        claim(B, EntryKind.ExpensePaid, 20n),
        claim(B, EntryKind.CashContribution, 3n),
      ];
      await f.costLedger.connect(f.opB).claimEntries(claims);
      expect((await f.costLedger.period(PERIOD)).pendingEntries).to.equal(3);
      await f.costLedger.connect(f.secretariat).confirmEntries(claims.map((c) => c.entryId));
      const t = await f.costLedger.memberTotals(PERIOD, B);
      expect([t.contributed, t.expensesPaid]).to.deep.equal([103n, 20n]);
      expect((await f.costLedger.period(PERIOD)).pendingEntries).to.equal(0);
    });

    it("makes batches all or nothing, and refuses empty ones", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const good = claim(B, EntryKind.CashContribution, 100n);
      await expect(
        f.costLedger.connect(f.opB).claimEntries([good, claim(B, EntryKind.CashContribution, 0n)]),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerZeroAmount");
      await expect(f.costLedger.entry(good.entryId)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerUnknownEntry",
      );
      await f.costLedger.connect(f.opB).claimEntries([good]);
      await expect(f.costLedger.connect(f.secretariat).confirmEntries([good.entryId, id("unknown")]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerUnknownEntry")
        .withArgs(id("unknown"));
      expect((await f.costLedger.entry(good.entryId)).status).to.equal(EntryStatus.Claimed);
      await expect(f.costLedger.connect(f.opB).claimEntries([])).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerEmptyBatch",
      );
      await expect(f.costLedger.connect(f.secretariat).confirmEntries([])).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerEmptyBatch",
      );
    });

    it("refuses a total beyond what a running total can hold", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const huge = claim(A, EntryKind.CashContribution, 2n ** 56n);
      await f.costLedger.connect(f.opA).claimEntry(huge);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(huge.entryId)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerAmountOverflow",
      );
    });
  });

  describe("accrueCourseFee", () => {
    it("refuses any caller but the credit ledger", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.costLedger.connect(f.secretariat).accrueCourseFee(B, A, 1))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerCallerNotCreditLedger")
        .withArgs(f.secretariat.address);
    });
  });

  describe("closePeriod", () => {
    /** A period with contributions, an expense, an in-kind contribution and course fees. */
    async function busyPeriod() {
      const f = await networkHelpers.loadFixture(fixture);
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 1_000_001n));
      await confirmed(f, f.opB, claim(B, EntryKind.ExpensePaid, 333_333n));
      await confirmed(
        f,
        f.opC,
        claim(C, EntryKind.InKindContribution, 7n * 1_111n, {
          category: id("library"),
          quantity: 7n,
          unitValue: 1_111n,
        }),
      );
      await f.creditLedger.connect(f.opB).recognize([acceptRequest(f.batchAtoB, 0), acceptRequest(f.batchAtoB, 1)]);
      await f.creditLedger.connect(f.opC).recognize([acceptRequest(f.batchAtoB, 7)]);
      return f;
    }

    it("closes with nets computed by the SDK, records them and the report hash", async () => {
      const f = await busyPeriod();
      const nets = await netsFromChain(f);
      expect(nets.reduce((s, n) => s + n.net, 0n)).to.equal(0n);
      await expect(
        f.costLedger.connect(f.secretariat).closePeriod(
          PERIOD,
          id("report 2"),
          nets.map((n) => n.net),
        ),
      )
        .to.emit(f.costLedger, "PeriodClosed")
        .withArgs(
          PERIOD,
          id("report 2"),
          nets.map((n) => n.net),
        );
      for (const n of nets) expect(await f.costLedger.netPosition(PERIOD, n.memberId)).to.equal(n.net);
      const p = await f.costLedger.period(PERIOD);
      expect(p.status).to.equal(PeriodStatus.Closed);
      expect(p.reportHash).to.equal(id("report 2"));
      expect(await f.costLedger.openPeriodId()).to.equal(0);
    });

    it("never changes once closed", async () => {
      const f = await busyPeriod();
      const nets = (await netsFromChain(f)).map((n) => n.net);
      await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 2"), nets);
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 3"), nets))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerPeriodNotOpen")
        .withArgs(PERIOD, PeriodStatus.Closed);
    });

    it("refuses nets that do not sum to zero", async () => {
      const f = await busyPeriod();
      const nets = (await netsFromChain(f)).map((n) => n.net);
      nets[0] += 1n;
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), nets))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetsDoNotSumToZero")
        .withArgs(1);
    });

    it("refuses nets that sum to zero but disagree with the totals and shares", async () => {
      const f = await busyPeriod();
      const computed = await netsFromChain(f);
      const nets = computed.map((n) => n.net);
      nets[0] += 5n;
      nets[1] -= 5n;
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), nets))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetMismatch")
        .withArgs(A, nets[0], computed[0].allocatedCost - 5n);
    });

    it("refuses a rounding that is within a unit but not the largest-remainder one", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      // Total cost 1: exact shares 0.4, 0.35, 0.25, so the one unit goes to A. Give it to B instead.
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 1n));
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [1n, -1n, 0n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNotLargestRemainder")
        .withArgs(B, A);
      await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [0n, 0n, 0n]);
    });

    it("refuses a missing report hash, pending claims and a wrong number of nets", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(
        f.costLedger.connect(f.secretariat).closePeriod(PERIOD, ZeroHash, [0, 0, 0]),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerMissingReportHash");
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [0, 0]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetsLengthMismatch")
        .withArgs(3, 2);
      await f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.CashContribution, 5n));
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [0, 0, 0]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerPendingEntries")
        .withArgs(PERIOD, 1);
      await expect(f.costLedger.netPosition(PERIOD, A))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerPeriodNotClosed")
        .withArgs(PERIOD);
    });
  });

  describe("recordSettlement / confirmSettlement", () => {
    it("records a payment by the payer and its confirmation by the payee", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const ref = encodeBytes32String("ICBC-2026-0042");
      await expect(f.costLedger.connect(f.opC).recordSettlement(1, A, 12_345n, ref))
        .to.emit(f.costLedger, "SettlementRecorded")
        .withArgs(2, 1, C, A, 12_345n, ref);
      expect(await f.costLedger.settlementCount()).to.equal(2);
      await expect(f.costLedger.connect(f.opA).confirmSettlement(2))
        .to.emit(f.costLedger, "SettlementConfirmed")
        .withArgs(2, 1, A);
      const s = await f.costLedger.settlement(2);
      expect([s.payerId, s.payeeId, s.amount, s.confirmed]).to.deep.equal([BigInt(C), BigInt(A), 12_345n, true]);
    });

    it("refuses an open period, paying oneself, a stranger to the period, no reference and a zero amount", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const ref = id("ref");
      await expect(f.costLedger.connect(f.opC).recordSettlement(PERIOD, A, 1n, ref))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerPeriodNotClosed")
        .withArgs(PERIOD);
      await expect(f.costLedger.connect(f.opC).recordSettlement(1, C, 1n, ref))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidSettlement")
        .withArgs(C, C);
      await expect(f.costLedger.connect(f.opC).recordSettlement(1, S, 1n, ref))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidSettlement")
        .withArgs(C, S);
      await expect(f.costLedger.connect(f.opC).recordSettlement(1, A, 1n, ZeroHash)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerInvalidSettlement",
      );
      await expect(f.costLedger.connect(f.opC).recordSettlement(1, A, 0n, ref)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerZeroAmount",
      );
    });

    it("records each payment reference of a payer once, so a retried submission cannot count a payment twice", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const ref = id("ICBC-2026-0099");
      await f.costLedger.connect(f.opC).recordSettlement(1, A, 500n, ref);
      const first = await f.costLedger.settlementCount();
      expect(await f.costLedger.settlementByPaymentRef(C, ref)).to.equal(first);
      await expect(f.costLedger.connect(f.opC).recordSettlement(1, A, 500n, ref))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerDuplicatePayment")
        .withArgs(ref, first);
      // Another payer may use the same reference text: references are per payer.
      await expect(f.costLedger.connect(f.opB).recordSettlement(1, A, 500n, ref)).to.emit(
        f.costLedger,
        "SettlementRecorded",
      );
      expect(await f.costLedger.settlementByPaymentRef(A, ref)).to.equal(0);
    });

    it("refuses confirmation by anyone but the payee, twice, or of an unknown settlement", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.costLedger.connect(f.opC).confirmSettlement(1))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNotPayee")
        .withArgs(1, C, B);
      await f.costLedger.connect(f.opB).confirmSettlement(1);
      await expect(f.costLedger.connect(f.opB).confirmSettlement(1))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSettlementConfirmed")
        .withArgs(1);
      await expect(f.costLedger.connect(f.opB).confirmSettlement(9))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerUnknownSettlement")
        .withArgs(9);
      await expect(f.costLedger.settlement(9)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerUnknownSettlement",
      );
      await expect(f.costLedger.period(9)).to.be.revertedWithCustomError(f.costLedger, "CostLedgerUnknownPeriod");
    });
  });
});
