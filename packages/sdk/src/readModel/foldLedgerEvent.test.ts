import { encodeBytes32String, id, ZeroAddress, ZeroHash } from "ethers";
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { foldLedgerEvent, rowsNeeded } from "./foldLedgerEvent.js";
import { createMemoryStore, type LedgerStore, rowKey } from "./ledgerStore.js";

let position = 0;
const ev = (name: string, args: Record<string, unknown>, tx = `0x${(++position).toString(16)}`): LedgerEvent => ({
  contract: "costLedger",
  name,
  args: args as LedgerEvent["args"],
  blockNumber: position,
  logIndex: 0,
  transactionHash: tx,
});
const terms = (credits: bigint, seats: bigint) => ({ credits, feePerCredit: 1000n, term: 20261n, seats });
const root = `0x${"ab".repeat(32)}`;
const claim = (entryId: string, memberId: bigint, kind: bigint, amount: bigint, reverses = ZeroHash) =>
  ev("EntryClaimed", { entryId: id(entryId), periodId: 1n, memberId, kind, amount, reverses, evidenceHash: ZeroHash });
const confirm = (entryId: string, memberId: bigint) =>
  ev("EntryConfirmed", { entryId: id(entryId), periodId: 1n, memberId, by: ZeroAddress });

/** A term of alliance life touching every table. */
const EVENTS: LedgerEvent[] = [
  ev("MemberRegistered", { memberId: 1n, name: "华东理工学院", kind: 0n, region: "上海" }),
  ev("MemberStatusChanged", { memberId: 1n, from: 1n, to: 2n, proposalId: 1n }),
  ev("OperatorAdded", { memberId: 1n, account: "0xAbC0000000000000000000000000000000000001", by: ZeroAddress }),
  ev("RoleGranted", {
    role: id("council"),
    account: "0x00000000000000000000000000000000000000c1",
    sender: ZeroAddress,
  }),
  ev("ProposalCreated", {
    proposalId: 1n,
    action: 0n,
    memberId: 2n,
    proposer: "0x00000000000000000000000000000000000000c1",
  }),
  ev("ProposalApproved", { proposalId: 1n, councillor: "0x00000000000000000000000000000000000000C1", approvals: 1n }),
  ev("ProposalExecuted", { proposalId: 1n }),
  ev("CoursePublished", { courseId: 1n, hostMemberId: 1n, code: encodeBytes32String("CS101") }),
  ev("CourseVersionPublished", { courseId: 1n, version: 1n, terms: terms(300n, 40n) }),
  ev("CourseTierChanged", { courseId: 1n, version: 1n, tier: 1n, reasonHash: ZeroHash, by: ZeroAddress }),
  ev("CourseVersionPublished", { courseId: 1n, version: 2n, terms: terms(250n, 60n) }),
  ev("PeriodOpened", { periodId: 1n, currency: "0x434e59", memberIds: [1n, 2n], sharesBps: [5000n, 5000n] }),
  ev("BatchAnchored", { root, issuerId: 1n, count: 3n, anchoredBy: ZeroAddress, attestedCredits: 900n }),
  ev("RecognitionDecided", {
    leaf: id("r0"),
    homeId: 2n,
    issuerId: 1n,
    batchRoot: root,
    index: 0n,
    decision: 1n,
    recognisedCredits: 300n,
    feeAccrued: 3000n,
    feePeriodId: 1n,
  }),
  ev("AttestationRevoked", { leaf: id("r0"), root, issuerId: 1n, index: 0n, reasonCode: 2n }, "0xrev"),
  ev("RecognitionFeeReversed", { leaf: id("r0"), homeId: 2n, hostId: 1n, fee: 3000n, periodId: 1n }, "0xrev"),
  claim("cash", 1n, 0n, 10_000n),
  confirm("cash", 1n),
  claim("expense", 2n, 2n, 4_000n),
  confirm("expense", 2n),
  claim("undo-expense", 2n, 3n, 1_500n, id("expense")),
  confirm("undo-expense", 2n),
  claim("rejected", 2n, 0n, 99n),
  ev("EntryRejected", { entryId: id("rejected"), periodId: 1n, memberId: 2n, reasonCode: 7n, by: ZeroAddress }),
  ev("SettlementRecorded", {
    settlementId: 1n,
    periodId: 1n,
    payerId: 2n,
    payeeId: 1n,
    amount: 500n,
    paymentRef: ZeroHash,
  }),
  ev("SettlementConfirmed", { settlementId: 1n, periodId: 1n, payeeId: 1n }),
  ev("PeriodClosed", { periodId: 1n, reportHash: id("report"), nets: [1n, -1n] }),
  ev("PeriodOpened", { periodId: 2n, currency: "0x434e59", memberIds: [1n, 2n], sharesBps: [5000n, 5000n] }),
  ev("ResourcePublished", { resourceId: 1n, hostMemberId: 1n, kind: 1n, kindCode: ZeroHash }),
  ev("ResourceVersionPublished", {
    resourceId: 1n,
    version: 1n,
    terms: { unit: 1n, pricePerUnit: 20_000n, capacity: 10n, termsHash: id("lab terms") },
  }),
  ev("UseRequested", {
    useId: 1n,
    resourceId: 1n,
    userId: 2n,
    version: 1n,
    hostMemberId: 1n,
    quantity: 8n,
    startDay: 20_500n,
    endDay: 20_507n,
    personCommitment: id("intern commitment"),
  }),
  ev("ResourceVersionPublished", {
    resourceId: 1n,
    version: 2n,
    terms: { unit: 1n, pricePerUnit: 25_000n, capacity: 12n, termsHash: id("lab terms 2") },
  }),
  ev("UseAccepted", { useId: 1n, personCommitment: id("teacher commitment"), by: ZeroAddress }),
  ev("UseDelivered", { useId: 1n, deliveredQuantity: 8n, deliveryHash: id("sheet"), by: ZeroAddress }),
  ev("UseRequested", {
    useId: 4n,
    resourceId: 1n,
    userId: 2n,
    version: 2n,
    hostMemberId: 1n,
    quantity: 1n,
    startDay: 20_600n,
    endDay: 20_600n,
    personCommitment: ZeroHash,
  }),
  ev("UseDeclined", { useId: 4n, reasonHash: id("booked"), by: ZeroAddress }),
  ev("ResourceRetired", { resourceId: 1n, hostMemberId: 1n }),
  ev("UseConfirmed", {
    useId: 1n,
    userId: 2n,
    hostMemberId: 1n,
    billedQuantity: 8n,
    fee: 160_000n,
    periodId: 2n,
    by: ZeroAddress,
  }),
  ev("DisputeResolved", {
    useId: 2n,
    userId: 1n,
    hostMemberId: 2n,
    resolvedQuantity: 3n,
    fee: 60_000n,
    periodId: 2n,
    reasonHash: id("3 hours held"),
    by: ZeroAddress,
  }),
  ev("DisputeResolved", {
    useId: 3n,
    userId: 2n,
    hostMemberId: 1n,
    resolvedQuantity: 0n,
    fee: 0n,
    periodId: 0n,
    reasonHash: id("nothing held"),
    by: ZeroAddress,
  }),
];

describe("foldLedgerEvent", () => {
  const store = createMemoryStore();
  for (const e of EVENTS) foldLedgerEvent(store, e);

  it("shows a course with its latest version's terms, and a new version as general until certified", () => {
    expect(store.get("courses", rowKey.course(1))).toMatchObject({
      code: "CS101",
      latestVersion: 2,
      credits: 250,
      seats: 60,
      tier: 0,
      status: 1,
    });
    expect(store.get("courseVersions", rowKey.courseVersion(1, 1))).toMatchObject({ tier: 1, hostMemberId: 1 });
    expect(store.get("memberActivity", rowKey.memberActivity(1))).toMatchObject({
      coursesOffered: 1,
      seatsOffered: 60,
    });
  });

  it("gives a cost entry one meaning: a reversal takes back from what the reversed entry counted in", () => {
    expect(store.get("periodTotals", rowKey.periodTotals(1, 1))).toMatchObject({
      contributed: 10_000n,
      expensesPaid: 0n,
    });
    expect(store.get("periodTotals", rowKey.periodTotals(1, 2))).toMatchObject({
      contributed: 0n,
      expensesPaid: 2_500n,
    });
    expect(store.get("costEntries", rowKey.costEntry(id("undo-expense")))).toMatchObject({ reversesKind: "expense" });
    expect(store.get("costEntries", rowKey.costEntry(id("rejected")))).toMatchObject({
      status: "rejected",
      reasonCode: 7,
    });
  });

  it("books a recognition's fee and its reversal, and withdraws a revoked record's student and credits", () => {
    expect(store.get("periodTotals", rowKey.periodTotals(1, 1))).toMatchObject({
      feesReceivable: 3000n,
      feesPayable: 3000n,
    });
    expect(store.get("periodTotals", rowKey.periodTotals(1, 2))).toMatchObject({
      feesReceivable: 3000n,
      feesPayable: 3000n,
    });
    expect(store.get("memberActivity", rowKey.memberActivity(1))).toMatchObject({
      studentsHosted: 2,
      creditsAttested: 900,
      creditsRecognised: 0,
    });
    expect(store.get("records", rowKey.record(1, root, 0))).toMatchObject({
      revoked: true,
      decided: true,
      reasonCode: 2,
    });
  });

  it("books a shared resource's confirmed and resolved fees like course fees: the user pays, the host is owed", () => {
    expect(store.get("periodTotals", rowKey.periodTotals(2, 1))).toMatchObject({
      feesReceivable: 160_000n,
      feesPayable: 60_000n,
    });
    expect(store.get("periodTotals", rowKey.periodTotals(2, 2))).toMatchObject({
      feesReceivable: 60_000n,
      feesPayable: 160_000n,
    });
    expect(store.get("periodTotals", rowKey.periodTotals(0, 1))).toBeUndefined();
  });

  it("keeps each resource with its latest terms and each use with its status, quantities, fee and period", () => {
    expect(store.get("resources", rowKey.resource(1))).toMatchObject({
      hostMemberId: 1,
      kind: 1,
      status: 2,
      latestVersion: 2,
      pricePerUnit: 25_000n,
      capacity: 12,
    });
    expect(store.get("resourceUses", rowKey.resourceUse(1))).toMatchObject({
      status: 6,
      version: 1,
      pricePerUnit: 20_000n,
      deliveredQuantity: 8,
      billedQuantity: 8,
      fee: 160_000n,
      periodId: 2,
      userPersonCommitment: id("intern commitment"),
      hostPersonCommitment: id("teacher commitment"),
    });
    expect(store.get("resourceUses", rowKey.resourceUse(4))).toMatchObject({ status: 3, pricePerUnit: 25_000n });
  });

  it("keeps members, keys, roles, proposals, periods and settlements", () => {
    expect(store.get("members", rowKey.member(1))).toMatchObject({ name: "华东理工学院", status: 2 });
    expect(store.get("operatorKeys", rowKey.operatorKey("0xabc0000000000000000000000000000000000001"))?.current).toBe(
      true,
    );
    expect(store.get("proposals", rowKey.proposal(1))).toMatchObject({ approvals: 1, executed: true });
    expect(store.rows("proposalApprovals")).toHaveLength(1);
    expect(store.get("periods", rowKey.period(1))).toMatchObject({ currency: "CNY", closed: true, nets: [1n, -1n] });
    expect(store.get("settlements", rowKey.settlement(1))).toMatchObject({ confirmed: true, amount: 500n });
  });

  it("names every row it reads or writes in rowsNeeded, so an indexer that loads only those folds the same", () => {
    const full = createMemoryStore();
    for (const e of EVENTS) {
      const touched: string[] = [];
      const watching: LedgerStore = {
        get: (t, k) => {
          touched.push(`${t}/${k}`);
          return full.get(t, k);
        },
        set: (t, k, row) => {
          touched.push(`${t}/${k}`);
          full.set(t, k, row);
        },
      };
      const named = new Set(rowsNeeded(e, full).map(([t, k]) => `${t}/${k}`));
      foldLedgerEvent(watching, e);
      expect(
        touched.filter((t) => !named.has(t)),
        e.name,
      ).toEqual([]);
    }
  });
});
