import { id, ZeroHash } from "ethers";
import { describe, expect, it } from "vitest";
import { attestationLeafHash, type Attestation } from "../attestations/attestation.js";
import type { LedgerEvent } from "./readLedgerEvents.js";
import { replayLedger, recordKey, totalsKey, type ReplayLedgerOptions } from "./replayLedger.js";

/**
 * Events a hostile member might get onto a chain whose contracts failed to refuse them, replayed
 * without a node: the replay must report each, naming the record, and not apply it.
 */
const SECRETARIAT_ROLE = id("alliance.role.secretariat");
const key = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const SECRETARIAT = key(0x5ec);
const COUNCIL = key(0xc0);
const [K1, K2, K3] = [key(1), key(2), key(3)];
const rootA = `0x${"aa".repeat(32)}`; // member 1's batch of 4
const rootB = `0x${"bb".repeat(32)}`; // member 2's batch of 2
const FEE = 15_000n; // 300 hundredths x 5,000 per credit / 100

const attestation = (index: number, over: Partial<Attestation> = {}): Attestation => ({
  issuerId: 1,
  homeId: 2,
  courseId: 1,
  courseVersion: 1,
  term: 20261,
  index,
  learnerCommitment: `0x${"11".repeat(32)}`,
  credits: 300,
  gradeCommitment: `0x${"22".repeat(32)}`,
  completionCommitment: `0x${"33".repeat(32)}`,
  ...over,
});
const leaf0 = attestationLeafHash(attestation(0));
const leaf1 = attestationLeafHash(attestation(1));

let block = 0;
/** One transaction of events. */
const tx = (...events: Array<[string, Record<string, unknown>]>): LedgerEvent[] => {
  block += 1;
  return events.map(([name, args], logIndex) => ({
    contract: "creditLedger",
    name,
    args,
    blockNumber: block,
    logIndex,
    transactionHash: `0x${block.toString(16)}`,
  }));
};

const decided = (
  leaf: string,
  index: number,
  over: Record<string, unknown> = {},
): [string, Record<string, unknown>] => [
  "RecognitionDecided",
  {
    leaf,
    homeId: 2n,
    issuerId: 1n,
    batchRoot: rootA,
    index: BigInt(index),
    decision: 1n,
    recognisedCredits: 300n,
    localCourseRef: ZeroHash,
    conversionRuleRef: ZeroHash,
    rejectReason: 0n,
    feeAccrued: FEE,
    feePeriodId: 1n,
    ...over,
  },
];
const revoked = (
  leaf: string,
  index: number,
  over: Record<string, unknown> = {},
): [string, Record<string, unknown>] => [
  "AttestationRevoked",
  { leaf, root: rootA, issuerId: 1n, index: BigInt(index), reasonCode: 3n, ...over },
];
const reversed = (leaf: string, over: Record<string, unknown> = {}): [string, Record<string, unknown>] => [
  "RecognitionFeeReversed",
  { leaf, homeId: 2n, hostId: 1n, fee: FEE, periodId: 1n, ...over },
];

/** Three active members, a secretariat, a council, one course (3 credits at 5,000), an open period and two batches. */
const setup = (): LedgerEvent[] => [
  ...tx(["RoleGranted", { role: SECRETARIAT_ROLE, account: SECRETARIAT, sender: key(0xad) }]),
  ...[K1, K2, K3].flatMap((k, i) =>
    tx(
      ["MemberRegistered", { memberId: BigInt(i + 1) }],
      ["OperatorAdded", { memberId: BigInt(i + 1), account: k, by: SECRETARIAT }],
    ),
  ),
  ...[1n, 2n, 3n].flatMap((m) => tx(["MemberStatusChanged", { memberId: m, from: 1n, to: 2n, proposalId: m }])),
  ...tx(["BootstrapCompleted", { admin: key(0xad) }]),
  ...tx(
    ["CoursePublished", { courseId: 1n, hostMemberId: 1n }],
    [
      "CourseVersionPublished",
      { courseId: 1n, version: 1n, terms: { credits: 300n, feePerCredit: 5_000n, seats: 60n } },
    ],
  ),
  ...tx(["PeriodOpened", { periodId: 1n, memberIds: [1n, 2n, 3n], sharesBps: [4000n, 3500n, 2500n] }]),
  ...tx(["BatchAnchored", { root: rootA, issuerId: 1n, count: 4n, anchoredBy: K1 }]),
  ...tx(["BatchAnchored", { root: rootB, issuerId: 2n, count: 2n, anchoredBy: K2 }]),
  ...tx(decided(leaf0, 0)),
];

const replay = (more: LedgerEvent[], options?: ReplayLedgerOptions) => replayLedger([...setup(), ...more], options);
const codes = (events: LedgerEvent[], options?: ReplayLedgerOptions) =>
  replay(events, options).discrepancies.map((d) => [d.code, d.recordId]);

describe("replayLedger", () => {
  it("replays an honest term, and a revoked recognition's fee flowing back into the open period's totals", () => {
    const chain = replay(tx(revoked(leaf0, 0), reversed(leaf0)));
    expect(chain.discrepancies).toEqual([]);
    expect(chain.records.get(recordKey(1, rootA, 0))).toEqual({
      leaf: leaf0,
      revoked: true,
      decided: true,
      feeAccrued: false,
    });
    // Recognition: home 2 owes host 1 the fee; the reversal: host 1 owes it back to home 2.
    expect(chain.totals.get(totalsKey(1, 1))).toMatchObject({ feesReceivable: FEE, feesPayable: FEE });
    expect(chain.totals.get(totalsKey(1, 2))).toMatchObject({ feesReceivable: FEE, feesPayable: FEE });
    expect(chain.totals.get(totalsKey(1, 3))).toMatchObject({ feesReceivable: 0n, feesPayable: 0n });
  });

  it("refuses a revocation of a recognised record whose fee did not flow back, and a reversal that does not match", () => {
    expect(codes(tx(revoked(leaf0, 0)))).toEqual([["FEE_NOT_REVERSED", leaf0]]);
    const chain = replay(tx(revoked(leaf0, 0), reversed(leaf0, { fee: FEE + 1n })));
    expect(chain.discrepancies.map((d) => d.code)).toEqual(["FEE_REVERSAL_INVALID", "FEE_NOT_REVERSED"]);
    expect(chain.totals.get(totalsKey(1, 1))!.feesPayable).toBe(0n); // not applied
    expect(codes(tx(reversed(leaf1)))).toEqual([["FEE_REVERSAL_INVALID", leaf1]]);
  });

  it("lists a reversal left unbooked because the host left the open period, and refuses one left unbooked without cause", () => {
    const hostLeft = tx(
      ["MemberStatusChanged", { memberId: 1n, from: 2n, to: 4n, proposalId: 9n }],
      ["PeriodOpened", { periodId: 2n, memberIds: [2n, 3n], sharesBps: [5000n, 5000n] }],
    );
    const chain = replay([...hostLeft, ...tx(revoked(leaf0, 0), reversed(leaf0, { periodId: 0n }))]);
    expect(chain.discrepancies).toEqual([]);
    expect(chain.unbookedFeeReversals).toEqual([
      expect.objectContaining({ leaf: leaf0, hostId: 1, homeId: 2, fee: FEE }),
    ]);
    expect(chain.totals.get(totalsKey(2, 2))).toMatchObject({ feesReceivable: 0n, feesPayable: 0n });
    // Both members in the open period: the fee must be booked there.
    expect(codes(tx(revoked(leaf0, 0), reversed(leaf0, { periodId: 0n })))).toEqual([
      ["FEE_REVERSAL_INVALID", leaf0],
      ["FEE_NOT_REVERSED", leaf0],
    ]);
  });

  it("refuses a revocation by a member that is not the batch's issuer", () => {
    // Member 2 names member 1's batch as its own.
    const chain = replay(tx(revoked(leaf0, 0, { issuerId: 2n })));
    expect(chain.discrepancies.map((d) => [d.code, d.recordId])).toEqual([["REVOCATION_NOT_BY_ISSUER", leaf0]]);
    expect(chain.revoked.size).toBe(0);
    expect(chain.records.get(recordKey(1, rootA, 0))!.revoked).toBe(false);
    // Member 2 names its own batch, but the record (known from the export) is member 1's.
    const records = new Map([[leaf1, { recordId: "att-1", attestation: attestation(1) }]]);
    expect(codes(tx(revoked(leaf1, 1, { issuerId: 2n, root: rootB })), { records })).toEqual([
      ["REVOCATION_NOT_BY_ISSUER", "att-1"],
    ]);
  });

  it("refuses a revocation of a record in no anchored batch of that issuer, or beyond the batch's count", () => {
    const nowhere = `0x${"cc".repeat(32)}`;
    expect(codes(tx(revoked(leaf1, 1, { root: nowhere })))).toEqual([["REVOCATION_OF_UNANCHORED_RECORD", leaf1]]);
    expect(codes(tx(revoked(leaf1, 4)))).toEqual([["REVOCATION_INDEX_OUT_OF_RANGE", leaf1]]);
    expect(codes(tx(revoked(leaf1, 1)))).toEqual([]);
    expect(codes([...tx(revoked(leaf1, 1)), ...tx(revoked(leaf1, 1))])).toEqual([["REVOCATION_DUPLICATED", leaf1]]);
  });

  it("refuses a supersession whose issuer is not the record's or whose replacement is another member's", () => {
    const replacement = `0x${"dd".repeat(32)}`;
    const superseded = (over: Record<string, unknown>): [string, Record<string, unknown>] => [
      "AttestationSuperseded",
      { leaf: leaf1, replacementLeaf: replacement, issuerId: 1n, replacementRoot: rootA, ...over },
    ];
    expect(codes(tx(revoked(leaf1, 1), superseded({})))).toEqual([]);
    expect(codes(tx(revoked(leaf1, 1), superseded({ issuerId: 2n, replacementRoot: rootB })))).toEqual([
      ["SUPERSEDE_NOT_BY_ISSUER", leaf1],
    ]);
    expect(codes(tx(revoked(leaf1, 1), superseded({ replacementRoot: rootB })))).toEqual([
      ["SUPERSEDE_NOT_BY_ISSUER", leaf1],
    ]);
    expect(codes(tx(superseded({})))).toEqual([["SUPERSEDE_WITHOUT_REVOCATION", leaf1]]);
  });

  it("refuses a decision whose credits exceed the course version's, naming the exported record", () => {
    const big = attestation(1, { credits: 400 });
    const leaf = attestationLeafHash(big);
    const records = new Map([[leaf, { recordId: "att-big", attestation: big }]]);
    const chain = replay(tx(decided(leaf, 1, { recognisedCredits: 400n, feeAccrued: 20_000n })), { records });
    expect(chain.discrepancies.map((d) => [d.code, d.recordId])).toEqual([
      ["RECOGNITION_CREDITS_EXCEED_COURSE", "att-big"],
    ]);
    expect(chain.discrepancies[0].message).toMatch(/400 attested and 400 recognised; course 1 version 1 awards 300/);
    expect(chain.recognitions.size).toBe(1); // only the honest one of the set-up
    expect(chain.totals.get(totalsKey(1, 1))!.feesReceivable).toBe(FEE);
  });

  it("checks decisions against their record: home school, fee, a certified version recognised in full, no decision twice or after revocation", () => {
    const records = new Map([[leaf1, { recordId: "att-1", attestation: attestation(1) }]]);
    expect(codes(tx(decided(leaf1, 1, { feeAccrued: FEE - 1n })), { records })).toEqual([
      ["RECOGNITION_FEE_WRONG", "att-1"],
    ]);
    expect(codes(tx(decided(leaf1, 1, { homeId: 3n })), { records })).toEqual([["RECOGNITION_NOT_BY_HOME", "att-1"]]);
    const certify = tx([
      "CourseTierChanged",
      { courseId: 1n, version: 1n, tier: 1n, reasonHash: ZeroHash, by: COUNCIL },
    ]);
    const convert = {
      decision: 2n,
      recognisedCredits: 200n,
      localCourseRef: id("LOCAL"),
      conversionRuleRef: id("RULE"),
    };
    expect(codes([...certify, ...tx(decided(leaf1, 1, convert))], { records })).toEqual([
      ["RECOGNITION_OF_CERTIFIED_REFUSED", "att-1"],
    ]);
    expect(codes(tx(decided(leaf1, 1, convert)), { records })).toEqual([]); // general: a conversion is the home school's call
    expect(codes(tx(decided(leaf0, 0)))).toEqual([["RECOGNITION_DUPLICATED", leaf0]]);
    expect(codes([...tx(revoked(leaf1, 1)), ...tx(decided(leaf1, 1))])).toEqual([["RECOGNITION_OF_REVOKED", leaf1]]);
    expect(codes(tx(decided(leaf1, 1, { issuerId: 2n })))).toEqual([["RECOGNITION_BATCH_MISMATCH", leaf1]]);
  });

  it("refuses a confirmation by a key of the entry's own member", () => {
    const entryId = `0x${"ee".repeat(32)}`;
    const claim = tx([
      "EntryClaimed",
      { entryId, periodId: 1n, memberId: 1n, kind: 0n, amount: 500n, reverses: ZeroHash },
    ]);
    const ownKey = tx(
      ["RoleGranted", { role: SECRETARIAT_ROLE, account: K1, sender: COUNCIL }],
      ["RoleChangeProposed", { proposalId: 9n, role: SECRETARIAT_ROLE, account: K1, grant: true }],
      ["ProposalExecuted", { proposalId: 9n }],
    );
    const chain = replay([
      ...claim,
      ...ownKey,
      ...tx(["EntryConfirmed", { entryId, periodId: 1n, memberId: 1n, by: K1 }]),
    ]);
    expect(chain.discrepancies.map((d) => [d.code, d.recordId])).toEqual([["CONFIRMATION_BY_OWN_MEMBER", entryId]]);
    expect(chain.totals.get(totalsKey(1, 1))!.contributed).toBe(0n);
  });

  it("after bootstrap, accepts role changes and key recoveries only by executed council proposals", () => {
    // The proposal (ids in its own transaction) executes in the transaction that changes the role.
    const grant = ["RoleGranted", { role: SECRETARIAT_ROLE, account: K3, sender: COUNCIL }] as [
      string,
      Record<string, unknown>,
    ];
    const proposed = tx(["RoleChangeProposed", { proposalId: 7n, role: SECRETARIAT_ROLE, account: K3, grant: true }]);
    expect(codes([...proposed, ...tx(grant, ["ProposalExecuted", { proposalId: 7n }])])).toEqual([]);
    expect(codes([...proposed, ...tx(grant)])).toEqual([["ROLE_CHANGE_WITHOUT_COUNCIL", K3]]);
    const resign = ["RoleRevoked", { role: SECRETARIAT_ROLE, account: SECRETARIAT, sender: SECRETARIAT }] as [
      string,
      Record<string, unknown>,
    ];
    expect(codes(tx(resign))).toEqual([]);

    const added = ["OperatorAdded", { memberId: 2n, account: key(0x22), by: SECRETARIAT }] as [
      string,
      Record<string, unknown>,
    ];
    expect(codes(tx(added))).toEqual([["KEY_ADDED_WITHOUT_AUTHORITY", key(0x22)]]);
    const recovery = tx(["KeyRecoveryProposed", { proposalId: 8n, memberId: 2n, account: key(0x22) }]);
    expect(codes([...recovery, ...tx(added, ["ProposalExecuted", { proposalId: 8n }])])).toEqual([]);
    expect(codes(tx(["OperatorAdded", { memberId: 2n, account: key(0x23), by: K2 }]))).toEqual([]); // the member's own rotation
  });
});
