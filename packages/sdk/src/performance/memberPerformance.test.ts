import { id, ZeroAddress, ZeroHash } from "ethers";
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { memberPerformance } from "./memberPerformance.js";

let position = 0;
const ev = (name: string, args: Record<string, unknown>): LedgerEvent => ({
  contract: "costLedger",
  name,
  args: args as unknown as LedgerEvent["args"],
  blockNumber: ++position,
  logIndex: 0,
  transactionHash: "0x",
});

const terms = (seats: bigint) => ({
  credits: 200n,
  feePerCredit: 0n,
  term: 20261n,
  seats,
});
const entry = (name: string) => id(name);
const claimed = (a: Record<string, unknown>) =>
  ev("EntryClaimed", {
    periodId: 1n,
    reverses: ZeroHash,
    evidenceHash: ZeroHash,
    ...a,
  });
const decided = (a: Record<string, unknown>) =>
  ev("RecognitionDecided", {
    leaf: id(String(a.index)),
    homeId: 9n,
    decision: 1n,
    feeAccrued: 0n,
    feePeriodId: 0n,
    ...a,
  });
const revoked = (a: Record<string, unknown>) =>
  ev("AttestationRevoked", { leaf: id(String(a.index)), reasonCode: 1n, ...a });

const opened = (periodId: bigint) =>
  ev("PeriodOpened", {
    periodId,
    currency: "0x434e59",
    memberIds: [1n, 2n, 3n],
    sharesBps: [4000n, 4000n, 2000n],
  });
const closed = (periodId: bigint) => ev("PeriodClosed", { periodId, reportHash: ZeroHash, nets: [0n, 0n, 0n] });

describe("memberPerformance", () => {
  const batch1 = `0x${"11".repeat(32)}`;
  const events = [
    ev("CoursePublished", { courseId: 1n, hostMemberId: 1n, code: ZeroHash }),
    ev("CourseVersionPublished", {
      courseId: 1n,
      version: 1n,
      terms: terms(60n),
    }),
    ev("CoursePublished", { courseId: 2n, hostMemberId: 2n, code: ZeroHash }),
    ev("CourseVersionPublished", {
      courseId: 2n,
      version: 1n,
      terms: terms(10n),
    }),
    ev("CourseVersionPublished", {
      courseId: 2n,
      version: 2n,
      terms: terms(20n),
    }),
    ev("BatchAnchored", {
      root: batch1,
      issuerId: 1n,
      count: 90n,
      anchoredBy: ZeroAddress,
    }),
    ev("BatchAnchored", {
      root: `0x${"22".repeat(32)}`,
      issuerId: 2n,
      count: 30n,
      anchoredBy: ZeroAddress,
    }),
    decided({
      issuerId: 1n,
      batchRoot: batch1,
      index: 0n,
      recognisedCredits: 300n,
    }),
    opened(1n),
    claimed({ entryId: entry("a"), memberId: 1n, amount: 800n, kind: 0n }),
    ev("EntryConfirmed", { entryId: entry("a"), periodId: 1n, memberId: 1n }),
    claimed({ entryId: entry("b"), memberId: 2n, amount: 200n, kind: 2n }),
    ev("EntryConfirmed", { entryId: entry("b"), periodId: 1n, memberId: 2n }),
    claimed({ entryId: entry("c"), memberId: 3n, amount: 999n, kind: 0n }), // never confirmed
    claimed({
      entryId: entry("g"),
      memberId: 3n,
      amount: 500n,
      kind: 4n,
      category: id("grant"),
    }), // income
    ev("EntryConfirmed", { entryId: entry("g"), periodId: 1n, memberId: 3n }),
  ];

  it("counts offering, hosting, recognition, contributions and income per member", () => {
    const [m1, m2, m3] = memberPerformance({ events, periodId: 1 });
    expect(m1).toMatchObject({
      coursesOffered: 1,
      seatsOffered: 60,
      studentsHosted: 90,
      creditsRecognised: 300,
      contributed: 800n,
      // The pool is costs less income: 1,000 - 500, so member 1's 40% share is 200.
      expectedContribution: 200n,
    });
    // Both versions of course 2 were published in the period: one course, their seats together.
    expect(m2).toMatchObject({
      coursesOffered: 1,
      seatsOffered: 30,
      studentsHosted: 30,
      contributed: 200n,
    });
    expect(m3).toMatchObject({
      coursesOffered: 0,
      studentsHosted: 0,
      contributed: 0n,
      incomeReceived: 500n,
    });
    expect(m3.expectedContribution).toBe(100n);
  });

  it("scores with the contract's index and flags an open period's members below the charter's minimum", () => {
    const rows = memberPerformance({
      events,
      periodId: 1,
      rule: { minIndexPermille: 500, periodsBeforeSuspension: 2 },
    });
    // No fees: the hosting half is 1,000 for all. Pool 500: m1 paid 800/200 -> 2,000; m2 200/200 -> 1,000;
    // m3 holds the 500 of income and paid nothing beyond it -> 0.
    expect(rows.map((r) => r.contributionIndex)).toEqual([1.5, 1, 0.5]);
    expect(rows.filter((r) => r.belowMinimum).map((r) => r.memberId)).toEqual([]);
    const strict = memberPerformance({
      events,
      periodId: 1,
      rule: { minIndexPermille: 751, periodsBeforeSuspension: 2 },
    });
    expect(strict.filter((r) => r.belowMinimum).map((r) => r.memberId)).toEqual([3]);
  });

  it("counts in each period only what happened in its blocks, and takes a closed period's flags from the chain", () => {
    const later = [
      ...events,
      ev("ContributionBelowMinimum", {
        periodId: 1n,
        memberId: 3n,
        indexPermille: 500n,
        consecutivePeriods: 1n,
      }),
      closed(1n),
      ev("CourseVersionPublished", {
        courseId: 1n,
        version: 2n,
        terms: terms(15n),
      }), // between periods: counts in 2
      opened(2n),
      ev("BatchAnchored", {
        root: `0x${"33".repeat(32)}`,
        issuerId: 3n,
        count: 7n,
        anchoredBy: ZeroAddress,
      }),
    ];
    const first = memberPerformance({ events: later, periodId: 1 });
    expect(first.map((r) => [r.belowMinimum, r.consecutiveLowPeriods])).toEqual([
      [false, 0],
      [false, 0],
      [true, 1],
    ]);
    const [m1, m2, m3] = memberPerformance({ events: later, periodId: 2 });
    expect([m1.coursesOffered, m1.seatsOffered, m1.studentsHosted, m1.contributed]).toEqual([1, 15, 0, 0n]);
    expect([m2.coursesOffered, m2.studentsHosted]).toEqual([0, 0]);
    expect([m3.studentsHosted, m3.incomeReceived]).toEqual([7, 0n]);
  });

  it("withdraws revoked records of the issuer's own batches, and ignores revocations the contract refuses", () => {
    const root = `0x${"aa".repeat(32)}`;
    const other = `0x${"bb".repeat(32)}`;
    const rows = memberPerformance({
      periodId: 1,
      events: [
        opened(1n),
        ev("BatchAnchored", {
          root,
          issuerId: 1n,
          count: 4n,
          anchoredBy: ZeroAddress,
        }),
        ev("BatchAnchored", {
          root: other,
          issuerId: 2n,
          count: 2n,
          anchoredBy: ZeroAddress,
        }),
        decided({
          issuerId: 1n,
          batchRoot: root,
          index: 0n,
          recognisedCredits: 300n,
        }),
        decided({
          issuerId: 1n,
          batchRoot: root,
          index: 1n,
          recognisedCredits: 200n,
        }),
        revoked({ root, issuerId: 1n, index: 0n }), // recognised, then revoked: fee and credits flow back
        revoked({ root, issuerId: 1n, index: 0n }), // a second revocation is refused on chain
        revoked({ root, issuerId: 2n, index: 1n }), // member 2 has no batch `root`
        revoked({ root: other, issuerId: 2n, index: 7n }), // beyond the batch's count
        decided({
          issuerId: 1n,
          batchRoot: root,
          index: 0n,
          recognisedCredits: 300n,
        }), // of a revoked record
      ],
    });
    expect(rows.map((r) => [r.memberId, r.studentsHosted, r.creditsRecognised])).toEqual([
      [1, 3, 200],
      [2, 2, 0],
      [3, 0, 0],
    ]);
  });

  it("refuses a period that was never opened", () => {
    expect(() => memberPerformance({ events, periodId: 9 })).toThrow(/never opened/);
  });
});
