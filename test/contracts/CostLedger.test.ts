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
import {
  A,
  acceptRequest,
  Action,
  B,
  C,
  CHARTER,
  deployFixture,
  EntryKind,
  FIXTURE_PROPOSALS,
  MemberStatus,
  P,
  S,
  sharesHash,
  type Fixture,
} from "./fixture.js";
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

/**
 * The exact largest-remainder nets of a period, income included, from the chain's totals, computed here
 * rather than by the SDK: the pool (contributions and expenses minus income) split by shares, each member
 * the floor of its exact share, the units left over one each to the largest remainders (ties to the lower
 * id); a negative pool hands out minus the split of its magnitude.
 */
async function largestRemainderNets(f: Fixture, periodId = PERIOD) {
  const [ids, shares] = await f.costLedger.periodMembers(periodId);
  const rows = [];
  for (const [i, memberId] of ids.entries()) {
    const t = await f.costLedger.memberTotals(periodId, memberId);
    const income = await f.costLedger.incomeReceived(periodId, memberId);
    rows.push({
      memberId,
      share: shares[i],
      cost: t.contributed + t.expensesPaid,
      income,
      own: t.contributed + t.expensesPaid + t.feesReceivable - t.feesPayable - income,
    });
  }
  const pool = rows.reduce((sum, r) => sum + r.cost - r.income, 0n);
  const magnitude = pool < 0n ? -pool : pool;
  const split = rows.map((r) => ({ floor: (magnitude * r.share) / 10_000n, rem: (magnitude * r.share) % 10_000n }));
  let left = magnitude - split.reduce((sum, x) => sum + x.floor, 0n);
  const order = rows
    .map((_, i) => i)
    .sort((i, j) => (split[i].rem !== split[j].rem ? (split[j].rem > split[i].rem ? 1 : -1) : i - j));
  for (const i of order) {
    if (left === 0n) break;
    split[i].floor += 1n;
    left -= 1n;
  }
  return rows.map((r, i) => r.own - (pool < 0n ? -split[i].floor : split[i].floor));
}

/** Closes the period with the nets {@link largestRemainderNets} computes. */
async function closeAsComputed(f: Fixture, periodId = PERIOD) {
  const nets = await largestRemainderNets(f, periodId);
  return f.costLedger.connect(f.secretariat).closePeriod(periodId, id(`report ${periodId}`), nets);
}

/** The ContributionBelowMinimum events of a transaction: [memberId, indexPermille, consecutivePeriods]. */
async function lowContributors(f: Fixture, tx: Promise<{ wait(): Promise<unknown> }>) {
  const receipt = (await (await tx).wait()) as { logs: { topics: string[]; data: string }[] };
  return receipt.logs
    .map((log) => f.costLedger.interface.parseLog(log))
    .filter((e) => e?.name === "ContributionBelowMinimum")
    .map((e) => [Number(e!.args.memberId), Number(e!.args.indexPermille), Number(e!.args.consecutivePeriods)]);
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

      it("opens with the charter's shares, which the council decided", async () => {
        const { f, open } = await closed();
        expect(await f.registry.decidedSharesHash(3)).to.equal(sharesHash(f.members, f.shares));
        await expect(open(f.currency, f.members, f.shares))
          .to.emit(f.costLedger, "PeriodOpened")
          .withArgs(3, f.currency, f.members, f.shares);
      });

      it("refuses shares the council has not decided: a hostile secretariat cannot pick its own", async () => {
        const { f, open } = await closed();
        // Whole, listing every active member, ascending: only the council's decision is missing.
        for (const shares of [
          [5000, 3000, 2000],
          [4000, 2500, 3500],
          [4001, 3500, 2499],
        ]) {
          await expect(open(f.currency, f.members, shares))
            .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSharesNotDecided")
            .withArgs(3);
        }
        expect(await f.costLedger.periodCount()).to.equal(2);
        expect(await f.costLedger.openPeriodId()).to.equal(0);
      });

      it("opens with the shares the council decided for the period, which win over the charter's for it only", async () => {
        const { f, open } = await closed();
        const own = [5000, 3000, 2000];
        await f.decideShares(f.members, own, 3);
        await expect(open(f.currency, f.members, f.shares))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSharesNotDecided")
          .withArgs(3);
        await expect(open(f.currency, f.members, own))
          .to.emit(f.costLedger, "PeriodOpened")
          .withArgs(3, f.currency, f.members, own);
        expect((await f.costLedger.periodMembers(3))[1]).to.deep.equal([5000n, 3000n, 2000n]);
        // Period 4 has no shares of its own: the charter's again.
        await f.costLedger.connect(f.secretariat).closePeriod(3, id("report 3"), [0, 0, 0]);
        await expect(open(f.currency, f.members, own))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSharesNotDecided")
          .withArgs(4);
        await expect(open(f.currency, f.members, f.shares)).to.emit(f.costLedger, "PeriodOpened");
      });

      it("needs new shares from the council when the active members change", async () => {
        const { f, open } = await closed();
        await f.decide(Action.Admit, P);
        await expect(open(f.currency, f.members, f.shares))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerMembersIncomplete")
          .withArgs(3, 4);
        const withP = [A, B, C, P];
        const sharesWithP = [3500, 3000, 2000, 1500];
        await expect(open(f.currency, withP, sharesWithP))
          .to.be.revertedWithCustomError(f.costLedger, "CostLedgerSharesNotDecided")
          .withArgs(3);
        await f.decideShares(withP, sharesWithP);
        await expect(open(f.currency, withP, sharesWithP))
          .to.emit(f.costLedger, "PeriodOpened")
          .withArgs(3, f.currency, withP, sharesWithP);
      });

      it("refuses decided shares that name a member no longer active", async () => {
        const { f, open } = await closed();
        await f.decideShares([A, B, S], [4000, 3500, 2500], 3);
        await expect(open(f.currency, [A, B, S], [4000, 3500, 2500]))
          .to.be.revertedWithCustomError(f.registry, "RegistryMemberNotActive")
          .withArgs(S, MemberStatus.Suspended);
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

  describe("income", () => {
    const grant = id("grant");

    it("refuses an income claim without its source", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(
        f.costLedger.connect(f.opC).claimEntry(claim(C, EntryKind.Income, 100_000n)),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerIncomeWithoutSource");
    });

    it("counts income the member received for the alliance once the secretariat confirms it, apart from its costs", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const c = claim(C, EntryKind.Income, 100_000n, { category: grant });
      await expect(f.costLedger.connect(f.opC).claimEntry(c))
        .to.emit(f.costLedger, "EntryClaimed")
        .withArgs(c.entryId, PERIOD, C, EntryKind.Income, 100_000n, grant, 0, 0, ZeroHash, c.evidenceHash);
      expect(await f.costLedger.incomeReceived(PERIOD, C)).to.equal(0n);
      expect((await f.costLedger.period(PERIOD)).pendingEntries).to.equal(1);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(c.entryId))
        .to.emit(f.costLedger, "EntryConfirmed")
        .withArgs(c.entryId, PERIOD, C, f.secretariat.address);
      expect(await f.costLedger.incomeReceived(PERIOD, C)).to.equal(100_000n);
      const e = await f.costLedger.entry(c.entryId);
      expect([e.kind, e.status, e.amount]).to.deep.equal([
        BigInt(EntryKind.Income),
        BigInt(EntryStatus.Confirmed),
        100_000n,
      ]);
      const t = await f.costLedger.memberTotals(PERIOD, C);
      expect([t.contributed, t.expensesPaid, t.feesReceivable, t.feesPayable]).to.deep.equal([0n, 0n, 0n, 0n]);
      // Income adds up per member and period; a rejected claim never counts.
      await confirmed(f, f.opC, claim(C, EntryKind.Income, 2_500n, { category: id("training fees") }));
      const rejected = claim(C, EntryKind.Income, 7n, { category: grant });
      await f.costLedger.connect(f.opC).claimEntry(rejected);
      await f.costLedger.connect(f.secretariat).rejectEntry(rejected.entryId, 1);
      expect(await f.costLedger.incomeReceived(PERIOD, C)).to.equal(102_500n);
      expect(await f.costLedger.incomeReceived(PERIOD, A)).to.equal(0n);
    });

    it("reverses confirmed income with a reversal of the same amount, once", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      const income = claim(B, EntryKind.Income, 40_000n, { category: grant });
      await confirmed(f, f.opB, income);
      await confirmed(f, f.opB, claim(B, EntryKind.CashContribution, 40_000n));
      await expect(
        f.costLedger.connect(f.opB).claimEntry(claim(B, EntryKind.Reversal, 39_999n, { reverses: income.entryId })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal");
      await expect(
        f.costLedger.connect(f.opA).claimEntry(claim(A, EntryKind.Reversal, 40_000n, { reverses: income.entryId })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal");
      const reversal = claim(B, EntryKind.Reversal, 40_000n, { reverses: income.entryId });
      await f.costLedger.connect(f.opB).claimEntry(reversal);
      expect(await f.costLedger.incomeReceived(PERIOD, B)).to.equal(40_000n);
      await f.costLedger.connect(f.secretariat).confirmEntry(reversal.entryId);
      expect(await f.costLedger.incomeReceived(PERIOD, B)).to.equal(0n);
      // The contribution of the same amount is untouched.
      expect((await f.costLedger.memberTotals(PERIOD, B)).contributed).to.equal(40_000n);
      expect((await f.costLedger.entry(income.entryId)).reversed).to.equal(true);
      await expect(
        f.costLedger.connect(f.opB).claimEntry(claim(B, EntryKind.Reversal, 40_000n, { reverses: income.entryId })),
      ).to.be.revertedWithCustomError(f.costLedger, "CostLedgerInvalidReversal");
    });

    it("refuses income beyond what a running total can hold", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await confirmed(f, f.opA, claim(A, EntryKind.Income, 2n ** 56n - 2n, { category: grant }));
      const more = claim(A, EntryKind.Income, 2n, { category: grant });
      await f.costLedger.connect(f.opA).claimEntry(more);
      await expect(f.costLedger.connect(f.secretariat).confirmEntry(more.entryId)).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerAmountOverflow",
      );
      await confirmed(f, f.opA, claim(A, EntryKind.Income, 1n, { category: grant }));
      expect(await f.costLedger.incomeReceived(PERIOD, A)).to.equal(2n ** 56n - 1n);
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

  describe("closePeriod with income", () => {
    it("splits costs minus income by the shares: accepts the exact largest-remainder nets, refuses any net one unit off", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 1_000_001n));
      await confirmed(f, f.opB, claim(B, EntryKind.ExpensePaid, 333_333n));
      await confirmed(f, f.opC, claim(C, EntryKind.Income, 100_000n, { category: id("grant") }));
      // Pool 1,233,334: exact shares 493,333.6 (A), 431,666.9 (B), 308,333.5 (C); the two units left over go
      // to B (remainder .9) and A (.6). C holds the 100,000 of income for the alliance.
      const nets = [1_000_001n - 493_334n, 333_333n - 431_667n, -100_000n - 308_333n];
      expect(nets).to.deep.equal([506_667n, -98_334n, -408_333n]);
      expect(await largestRemainderNets(f)).to.deep.equal(nets);

      const close = (n: bigint[]) => f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 2"), n);
      // A unit from A to B: A's allocation is two units above its floor.
      await expect(close([506_666n, -98_333n, -408_333n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetMismatch")
        .withArgs(A, 506_666n, 493_335n);
      // A unit from B to C: within a unit of each share, but C (.5) rounded up before B (.9).
      await expect(close([506_667n, -98_333n, -408_334n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNotLargestRemainder")
        .withArgs(C, B);
      // A unit from C to A: A rounded down, C up, though A's remainder (.6) is larger than C's (.5).
      await expect(close([506_668n, -98_334n, -408_334n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNotLargestRemainder")
        .withArgs(C, A);
      // The nets of a pool that ignored the income (1,333,334) are refused too.
      await expect(close([466_667n, -133_334n, -333_333n])).to.be.revertedWithCustomError(
        f.costLedger,
        "CostLedgerNetMismatch",
      );

      await expect(close(nets)).to.emit(f.costLedger, "PeriodClosed").withArgs(PERIOD, id("report 2"), nets);
      for (const [i, m] of [A, B, C].entries()) expect(await f.costLedger.netPosition(PERIOD, m)).to.equal(nets[i]);
    });

    it("hands out a negative pool when income exceeds costs: accepts the exact nets, refuses any net one unit off", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 100n));
      await confirmed(f, f.opC, claim(C, EntryKind.Income, 1_000_001n, { category: id("grant") }));
      // Pool -999,901: the magnitude's exact shares are 399,960.4 (A), 349,965.35 (B), 249,975.25 (C); the
      // unit left over goes to A. Each allocation is minus its split.
      const nets = [100n + 399_961n, 349_965n, -1_000_001n + 249_975n];
      expect(nets).to.deep.equal([400_061n, 349_965n, -750_026n]);
      expect(await largestRemainderNets(f)).to.deep.equal(nets);

      const close = (n: bigint[]) => f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("report 2"), n);
      // A unit from B to A: A is handed two units above its floor.
      await expect(close([400_062n, 349_964n, -750_026n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetMismatch")
        .withArgs(A, 400_062n, -399_962n);
      // A unit from A to C: within a unit of each share, but C (.25) rounded up before A (.4).
      await expect(close([400_060n, 349_965n, -750_025n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNotLargestRemainder")
        .withArgs(C, A);
      // A unit from C to B: B may be handed its share rounded up, but C is handed less than its floor.
      await expect(close([400_061n, 349_966n, -750_027n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetMismatch")
        .withArgs(C, -750_027n, -249_974n);

      await expect(close(nets)).to.emit(f.costLedger, "PeriodClosed").withArgs(PERIOD, id("report 2"), nets);
      const sum = (await Promise.all([A, B, C].map((m) => f.costLedger.netPosition(PERIOD, m)))).reduce(
        (a, b) => a + b,
        0n,
      );
      expect(sum).to.equal(0n);
    });

    it("allocates nothing when income equals costs, and counts only income that was not reversed", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 500n));
      await confirmed(f, f.opC, claim(C, EntryKind.Income, 500n, { category: id("grant") }));
      const reversed = claim(B, EntryKind.Income, 9_999n, { category: id("grant") });
      await confirmed(f, f.opB, reversed);
      await confirmed(f, f.opB, claim(B, EntryKind.Reversal, 9_999n, { reverses: reversed.entryId }));
      expect(await largestRemainderNets(f)).to.deep.equal([500n, 0n, -500n]);
      await expect(f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [501n, -1n, -500n]))
        .to.be.revertedWithCustomError(f.costLedger, "CostLedgerNetMismatch")
        .withArgs(A, 501n, -1n);
      await f.costLedger.connect(f.secretariat).closePeriod(PERIOD, id("r"), [500n, 0n, -500n]);
    });
  });

  describe("contribution index", () => {
    /** A period where A pays 600,000 and B 400,000 (cost 1,000,000) and C pays `cPays`; closed as computed. */
    async function periodWhereCPays(f: Fixture, periodId: number, cPays = 0n) {
      if (periodId !== PERIOD) await f.costLedger.connect(f.secretariat).openPeriod(f.currency, f.members, f.shares);
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 600_000n, { periodId }));
      await confirmed(f, f.opB, claim(B, EntryKind.ExpensePaid, 400_000n, { periodId }));
      if (cPays !== 0n) await confirmed(f, f.opC, claim(C, EntryKind.CashContribution, cPays, { periodId }));
      return closeAsComputed(f, periodId);
    }

    it("flags nobody while the rule's minimum is zero", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      expect(await lowContributors(f, periodWhereCPays(f, PERIOD))).to.deep.equal([]);
      expect(await f.costLedger.lowContribution(C)).to.deep.equal([0n, 0n]);
    });

    it("flags a member that paid nothing and hosted nothing, with its index", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.decideContributionRule(800, 0);
      // Indices: A (1,500 paid + 1,000 hosted) / 2 = 1,250; B (1,142 + 1,000) / 2 = 1,071; C (0 + 1,000) / 2
      // = 500. Nobody hosted, so the hosted half is 1,000 for everyone.
      const close = periodWhereCPays(f, PERIOD);
      await expect(close).to.emit(f.costLedger, "ContributionBelowMinimum").withArgs(PERIOD, C, 500, 1);
      expect(await lowContributors(f, close)).to.deep.equal([[C, 500, 1]]);
      expect(await f.costLedger.lowContribution(C)).to.deep.equal([BigInt(PERIOD), 1n]);
      expect(await f.costLedger.lowContribution(A)).to.deep.equal([0n, 0n]);
      // No suspension is proposed under a rule with zero periods.
      expect(await f.registry.proposalCount()).to.equal(FIXTURE_PROPOSALS + 1);
    });

    it("computes both halves, each capped at 2,000: paid against the member's share, hosted against the average", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.decideContributionRule(1072, 0);
      // Cost 1,000,000: A pays 850,000 against an expected 400,000 (2,125, capped at 2,000); B 150,000
      // against 350,000 (428); C nothing (0). Fees: A hosts 15,000 of B's, B hosts 20,000 of A's; hosting
      // counts net of fees owed, so A hosted nothing (0), B 5,000: all the hosting (3 x the average,
      // capped at 2,000), C 0.
      await confirmed(f, f.opA, claim(A, EntryKind.CashContribution, 850_000n));
      await confirmed(f, f.opB, claim(B, EntryKind.ExpensePaid, 150_000n));
      await f.creditLedger.connect(f.opB).recognize([acceptRequest(f.batchAtoB, 0)]);
      await f.creditLedger.connect(f.opA).recognize([acceptRequest(f.batchBtoA, 0)]);
      expect((await f.costLedger.memberTotals(PERIOD, A)).feesReceivable).to.equal(15_000n);
      expect((await f.costLedger.memberTotals(PERIOD, B)).feesReceivable).to.equal(20_000n);
      // A (2,000 + 0) / 2 = 1,000, below 1,072; B (428 + 2,000) / 2 = 1,214; C 0.
      expect(await lowContributors(f, closeAsComputed(f))).to.deep.equal([
        [A, 1000, 1],
        [C, 0, 1],
      ]);
    });

    it("proposes a suspension after the rule's consecutive low periods; the council decides it", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.decideContributionRule(800, 2);
      const first = periodWhereCPays(f, 2);
      await expect(first).not.to.emit(f.registry, "LowContributionSuspensionProposed");
      expect(await lowContributors(f, first)).to.deep.equal([[C, 500, 1]]);

      const second = periodWhereCPays(f, 3);
      const proposalId = FIXTURE_PROPOSALS + 2;
      await expect(second)
        .to.emit(f.costLedger, "ContributionBelowMinimum")
        .withArgs(3, C, 500, 2)
        .and.to.emit(f.registry, "LowContributionSuspensionProposed")
        .withArgs(proposalId, C, 3)
        .and.to.emit(f.registry, "ProposalCreated")
        .withArgs(proposalId, Action.Suspend, C, await f.costLedger.getAddress());
      const p = await f.registry.proposal(proposalId);
      expect([p.action, p.memberId, p.approvals, p.executed]).to.deep.equal([
        BigInt(Action.Suspend),
        BigInt(C),
        0n,
        false,
      ]);
      expect(await f.registry.memberStatus(C)).to.equal(MemberStatus.Active);

      // A third low period while that proposal is open: recorded, but no second proposal.
      const third = periodWhereCPays(f, 4);
      await expect(third).to.emit(f.costLedger, "ContributionBelowMinimum").withArgs(4, C, 500, 3);
      await expect(third).not.to.emit(f.registry, "LowContributionSuspensionProposed");
      expect(await f.registry.proposalCount()).to.equal(proposalId);

      await f.registry.connect(f.council[0]).approve(proposalId);
      expect(await f.registry.memberStatus(C)).to.equal(MemberStatus.Active);
      await expect(f.registry.connect(f.council[1]).approve(proposalId))
        .to.emit(f.registry, "MemberStatusChanged")
        .withArgs(C, MemberStatus.Active, MemberStatus.Suspended, proposalId);
      expect(await f.registry.memberStatus(C)).to.equal(MemberStatus.Suspended);
    });

    it("proposes again once the open proposal expired undecided", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.decideContributionRule(800, 2);
      await periodWhereCPays(f, 2);
      await periodWhereCPays(f, 3);
      const expiresAt = (await f.registry.proposal(FIXTURE_PROPOSALS + 2)).expiresAt;
      await networkHelpers.time.increaseTo(expiresAt + 1n);
      await expect(periodWhereCPays(f, 4))
        .to.emit(f.registry, "LowContributionSuspensionProposed")
        .withArgs(FIXTURE_PROPOSALS + 3, C, 4);
    });

    it("restarts the count at 1 after a period that was not low", async () => {
      const f = await networkHelpers.loadFixture(fixture);
      await f.decideContributionRule(800, 2);
      expect(await lowContributors(f, periodWhereCPays(f, 2))).to.deep.equal([[C, 500, 1]]);
      // C pays 250,000 of 1,250,000 against an expected 312,500: (800 + 1,000) / 2 = 900, not low.
      expect(await lowContributors(f, periodWhereCPays(f, 3, 250_000n))).to.deep.equal([]);
      const fourth = periodWhereCPays(f, 4);
      await expect(fourth).to.emit(f.costLedger, "ContributionBelowMinimum").withArgs(4, C, 500, 1);
      await expect(fourth).not.to.emit(f.registry, "LowContributionSuspensionProposed");
      expect(await f.costLedger.lowContribution(C)).to.deep.equal([4n, 1n]);
      expect(await f.registry.proposalCount()).to.equal(FIXTURE_PROPOSALS + 1);
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
