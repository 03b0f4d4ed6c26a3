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

const terms = (seats: bigint) => ({ credits: 200n, feePerCredit: 0n, term: 20261n, seats });
const entry = (name: string) => id(name);
const claimed = (a: Record<string, unknown>) =>
  ev("EntryClaimed", { periodId: 1n, reverses: ZeroHash, evidenceHash: ZeroHash, ...a });
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

describe("memberPerformance", () => {
  const batch1 = `0x${"11".repeat(32)}`;
  const events = [
    ev("CoursePublished", { courseId: 1n, hostMemberId: 1n, code: ZeroHash }),
    ev("CourseVersionPublished", { courseId: 1n, version: 1n, terms: terms(60n) }),
    ev("CoursePublished", { courseId: 2n, hostMemberId: 2n, code: ZeroHash }),
    ev("CourseVersionPublished", { courseId: 2n, version: 1n, terms: terms(10n) }),
    ev("CourseVersionPublished", { courseId: 2n, version: 2n, terms: terms(20n) }), // seats are the latest version's
    ev("BatchAnchored", { root: batch1, issuerId: 1n, count: 90n, anchoredBy: ZeroAddress }),
    ev("BatchAnchored", { root: `0x${"22".repeat(32)}`, issuerId: 2n, count: 30n, anchoredBy: ZeroAddress }),
    decided({ issuerId: 1n, batchRoot: batch1, index: 0n, recognisedCredits: 300n }),
    ev("PeriodOpened", {
      periodId: 1n,
      currency: "0x434e59",
      memberIds: [1n, 2n, 3n],
      sharesBps: [4000n, 4000n, 2000n],
    }),
    claimed({ entryId: entry("a"), memberId: 1n, amount: 800n, kind: 0n }),
    ev("EntryConfirmed", { entryId: entry("a"), periodId: 1n, memberId: 1n }),
    claimed({ entryId: entry("b"), memberId: 2n, amount: 200n, kind: 2n }),
    ev("EntryConfirmed", { entryId: entry("b"), periodId: 1n, memberId: 2n }),
    claimed({ entryId: entry("c"), memberId: 3n, amount: 999n, kind: 0n }), // never confirmed
  ];

  it("counts offering, hosting, recognition and contributions per member", () => {
    const [m1, m2, m3] = memberPerformance({ events, periodId: 1 });
    expect(m1).toMatchObject({
      coursesOffered: 1,
      seatsOffered: 60,
      studentsHosted: 90,
      creditsRecognised: 300,
      contributed: 800n,
      expectedContribution: 400n,
    });
    expect(m2).toMatchObject({
      coursesOffered: 1,
      seatsOffered: 20,
      studentsHosted: 30,
      contributed: 200n,
      expectedContribution: 400n,
    });
    expect(m3).toMatchObject({ coursesOffered: 0, studentsHosted: 0, contributed: 0n, expectedContribution: 200n });
  });

  it("flags the members whose contribution index is below the charter's threshold", () => {
    const rows = memberPerformance({ events, periodId: 1, threshold: 0.5 });
    // m1: paid 2x its share (capped 2), hosted 90/40 (capped 2) -> 2; m2: 0.5 and 0.75 -> 0.625; m3: 0 and 0 -> 0.
    expect(rows.map((r) => r.contributionIndex)).toEqual([2, 0.625, 0]);
    expect(rows.filter((r) => r.belowThreshold).map((r) => r.memberId)).toEqual([3]);
  });

  it("withdraws revoked records of the issuer's own batches, and ignores revocations the contract refuses", () => {
    const root = `0x${"aa".repeat(32)}`;
    const other = `0x${"bb".repeat(32)}`;
    const rows = memberPerformance({
      periodId: 1,
      events: [
        ev("BatchAnchored", { root, issuerId: 1n, count: 4n, anchoredBy: ZeroAddress }),
        ev("BatchAnchored", { root: other, issuerId: 2n, count: 2n, anchoredBy: ZeroAddress }),
        decided({ issuerId: 1n, batchRoot: root, index: 0n, recognisedCredits: 300n }),
        decided({ issuerId: 1n, batchRoot: root, index: 1n, recognisedCredits: 200n }),
        revoked({ root, issuerId: 1n, index: 0n }), // recognised, then revoked: fee and credits flow back
        revoked({ root, issuerId: 1n, index: 0n }), // a second revocation is refused on chain
        revoked({ root, issuerId: 2n, index: 1n }), // member 2 has no batch `root`
        revoked({ root: other, issuerId: 2n, index: 7n }), // beyond the batch's count
        decided({ issuerId: 1n, batchRoot: root, index: 0n, recognisedCredits: 300n }), // of a revoked record
      ],
    });
    expect(rows.map((r) => [r.memberId, r.studentsHosted, r.creditsRecognised])).toEqual([
      [1, 3, 200],
      [2, 2, 0],
    ]);
  });
});
