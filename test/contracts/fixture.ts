import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { AbiCoder, encodeBytes32String, getAddress, id, keccak256, ZeroAddress, ZeroHash } from "ethers";
import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  buildAttestationTree,
  fieldCommitment,
  indexBatch,
  learnerCommitment,
  type Attestation,
  type AttestationTree,
} from "@alliance-ledger/sdk";
import { deployAlliance } from "@alliance-ledger/sdk";

export const MemberKind = { University: 0, VocationalCollege: 1, Enterprise: 2, GovernmentBody: 3 } as const;
export const MemberStatus = { None: 0, Pending: 1, Active: 2, Suspended: 3, Withdrawn: 4 } as const;
export const Action = {
  Admit: 0,
  Suspend: 1,
  Reinstate: 2,
  Withdraw: 3,
  AmendCharter: 4,
  GrantRole: 5,
  RevokeRole: 6,
  RecoverKey: 7,
  DecideShares: 8,
  SetContributionRule: 9,
} as const;
export const Tier = { General: 0, Certified: 1 } as const;
export const Decision = { None: 0, Accepted: 1, AcceptedWithConversion: 2, Rejected: 3 } as const;
export const EntryKind = {
  CashContribution: 0,
  InKindContribution: 1,
  ExpensePaid: 2,
  Reversal: 3,
  Income: 4,
} as const;
export const ResourceKind = {
  TeacherSecondment: 0,
  LabOrTrainingRoom: 1,
  Equipment: 2,
  PracticeBase: 3,
  LibraryOrDigitalCollection: 4,
  Other: 5,
} as const;
export const ResourceUnit = { Hour: 0, Day: 1, Seat: 2, Placement: 3, Licence: 4 } as const;
export const UseStatus = {
  None: 0,
  Requested: 1,
  Accepted: 2,
  Declined: 3,
  Cancelled: 4,
  Delivered: 5,
  Confirmed: 6,
  Disputed: 7,
  Resolved: 8,
} as const;
/** 2026-09-01 and 2026-09-30 as days since 1970-01-01. */
export const SEPT_1 = 20_697;
export const SEPT_30 = 20_726;

export function resourceTerms(
  overrides: Partial<{ unit: number; pricePerUnit: bigint; capacity: number; termsHash: string }> = {},
) {
  return {
    unit: overrides.unit ?? ResourceUnit.Hour,
    pricePerUnit: overrides.pricePerUnit ?? 20_000n,
    capacity: overrides.capacity ?? 40,
    termsHash: overrides.termsHash ?? id("lab terms v1"),
  };
}

export const ROLES = {
  admin: `0x${"00".repeat(32)}`,
  secretariat: id("alliance.role.secretariat"),
  council: id("alliance.role.council"),
  auditor: id("alliance.role.auditor"),
  committee: id("alliance.role.evaluation-committee"),
};

export const NO_CHARTER = { documentHash: `0x${"00".repeat(32)}`, version: 0, councilQuorum: 0, proposalLifetime: 0 };
/** Proposals live 30 days. */
export const PROPOSAL_LIFETIME = 30 * 24 * 3600;
export const CHARTER = {
  documentHash: id("charter v1"),
  version: 1,
  councilQuorum: 2,
  proposalLifetime: PROPOSAL_LIFETIME,
};
export const TERM = 20261;

// Test data is deterministic, not random: random bytes in calldata change the gas of a call (a zero byte
// costs 4, any other 16), and the committed gas snapshot (npm run gas:check) must be the same on every run.
let fresh = 0;
/** A salt never returned before in this run. */
export const salt = () => id(`salt ${fresh++}`);
/** An address never returned before in this run, and no key of the fixture's. */
export const freshAddress = () => getAddress(id(`address ${fresh++}`).slice(0, 42));

/** The hash under which the registry keeps decided shares: keccak256(abi.encode(uint32[], uint16[])). */
export const sharesHash = (memberIds: readonly number[], sharesBps: readonly number[]) =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["uint32[]", "uint16[]"], [memberIds, sharesBps]));

/** The council proposals the fixture makes (admissions, a suspension, a withdrawal, the charter's shares):
 * a test's first proposal is FIXTURE_PROPOSALS + 1. */
export const FIXTURE_PROPOSALS = 8;

/** Member ids as the fixture registers them. */
export const A = 1; // Tsinghua-like university, hosts the general course
export const B = 2; // university hosting the certified course
export const C = 3; // vocational college
export const S = 4; // suspended
export const W = 5; // withdrawn
export const P = 6; // pending

export function courseTerms(overrides: Partial<{ credits: number; feePerCredit: bigint; seats: number }> = {}) {
  return {
    metadataHash: id("syllabus"),
    credits: overrides.credits ?? 300,
    contactHours: 48,
    feePerCredit: overrides.feePerCredit ?? 5_000n,
    term: TERM,
    seats: overrides.seats ?? 60,
  };
}

export function attestation(
  issuerId: number,
  homeId: number,
  courseId: number,
  overrides: Partial<Attestation> = {},
): Attestation {
  return {
    issuerId,
    homeId,
    courseId,
    courseVersion: 1,
    term: TERM,
    index: 0,
    learnerCommitment: learnerCommitment(salt(), homeId, `student-${fresh++}`),
    credits: 300,
    gradeCommitment: fieldCommitment(salt(), "A"),
    completionCommitment: fieldCommitment(salt(), "2026-07-01"),
    ...overrides,
  };
}

export interface AnchoredBatch {
  tree: AttestationTree;
  rows: Attestation[];
  root: string;
  proof(i: number): string[];
  leaf(i: number): string;
}

/** A batch of `rows`, each given its position as index. */
export function batchOf(unindexed: Attestation[]): AnchoredBatch {
  const rows = indexBatch(unindexed);
  const tree = buildAttestationTree(rows);
  return {
    tree,
    rows,
    root: tree.root,
    proof: (i) => tree.getProof(i),
    leaf: (i) => tree.leafHash(tree.at(i)!),
  };
}

/** Record i of a batch as revoke and supersede take it. */
export function recordOf(batch: AnchoredBatch, i: number) {
  return { root: batch.root, attestation: batch.rows[i], proof: batch.proof(i) };
}

/** A recognition request with the defaults of a plain acceptance. */
export function acceptRequest(batch: AnchoredBatch, i: number, overrides: Record<string, unknown> = {}) {
  return {
    batchRoot: batch.root,
    attestation: batch.rows[i],
    proof: batch.proof(i),
    decision: Decision.Accepted,
    recognisedCredits: batch.rows[i].credits,
    localCourseRef: encodeBytes32String(""),
    conversionRuleRef: encodeBytes32String(""),
    rejectReason: 0,
    ...overrides,
  };
}

/**
 * The `packed` word of a RecognitionDecided event (ICreditLedger): from the lowest bit, index (32 bits),
 * decision (8), recognisedCredits (32), rejectReason (16), feeAccrued (64) and feePeriodId (32, zero
 * when the fee is zero). Written out here rather than taken from the SDK, so the tests pin the layout.
 */
export function packRecognition(r: {
  index: number;
  decision: number;
  recognisedCredits?: number;
  rejectReason?: number;
  fee?: bigint;
  periodId?: number;
}): bigint {
  const fields: [bigint, number][] = [
    [BigInt(r.index), 32],
    [BigInt(r.decision), 8],
    [BigInt(r.recognisedCredits ?? 0), 32],
    [BigInt(r.rejectReason ?? 0), 16],
    [r.fee ?? 0n, 64],
    [BigInt(r.periodId ?? 0), 32],
  ];
  let packed = 0n;
  let shift = 0n;
  for (const [value, width] of fields) {
    if (value < 0n || value >= 1n << BigInt(width)) throw new RangeError(`${value} does not fit in ${width} bits`);
    packed |= value << shift;
    shift += BigInt(width);
  }
  return packed;
}

export type DecisionFields = {
  decision: number;
  recognisedCredits: number;
  localCourseRef: string;
  conversionRuleRef: string;
  rejectReason: number;
};

/** A decision as recognizeBatches takes it, a plain acceptance of the attested credits unless overridden. */
export function decisionFor(a: Attestation, overrides: Partial<DecisionFields> = {}): DecisionFields {
  return {
    decision: Decision.Accepted,
    recognisedCredits: a.credits,
    localCourseRef: ZeroHash,
    conversionRuleRef: ZeroHash,
    rejectReason: 0,
    ...overrides,
  };
}

/** Any tree of attestation leaves with the rows it was built from (value i of the tree is rows[i]). */
export interface RowTree {
  // biome-ignore lint/suspicious/noExplicitAny: fixtures build trees of several row shapes
  tree: StandardMerkleTree<any>;
  rows: Attestation[];
}

/**
 * A BatchRecognition group: the rows `picks` names (each a row position, or a position with decision
 * overrides), proven by one multiproof (`getMultiProof`), attestations and decisions in the order of the
 * multiproof's leaves. `order` gives the row position of each attestation (it is not part of the struct
 * and the ABI coder ignores it).
 */
export function groupOf(batch: RowTree, picks: (number | [number, Partial<DecisionFields>])[]) {
  const chosen = new Map<number, Partial<DecisionFields>>(picks.map((p) => (typeof p === "number" ? [p, {}] : p)));
  const multiproof = batch.tree.getMultiProof([...chosen.keys()]);
  const rowHashes = batch.rows.map((_, i) => batch.tree.leafHash(batch.tree.at(i)!));
  // A tree may hold one leaf twice (a hostile issuer's): such positions take the first position's decision.
  const order = multiproof.leaves.map((value) => {
    const hash = batch.tree.leafHash(value);
    const candidates = [...chosen.keys()].filter((i) => rowHashes[i] === hash);
    return candidates[0];
  });
  return {
    root: batch.tree.root as string,
    attestations: order.map((i) => batch.rows[i]),
    decisions: order.map((i) => decisionFor(batch.rows[i], chosen.get(i))),
    proof: multiproof.proof,
    proofFlags: multiproof.proofFlags,
    order,
  };
}

/**
 * The CostLedger.accrueCourseFee calls a transaction made, from a call trace: the cost ledger emits no
 * event of its own for them, so this is how a test sees one accrual per host.
 */
export async function courseFeeAccruals(ethers: HardhatEthers, costLedger: Fixture["costLedger"], txHash: string) {
  type Frame = { to?: string; input: string; calls?: Frame[] };
  const trace: Frame = await ethers.provider.send("debug_traceTransaction", [txHash, { tracer: "callTracer" }]);
  const target = (await costLedger.getAddress()).toLowerCase();
  const accruals: { payerId: number; payeeId: number; amount: bigint }[] = [];
  const walk = (frame: Frame) => {
    if (frame.to?.toLowerCase() === target) {
      const call = costLedger.interface.parseTransaction({ data: frame.input });
      if (call?.name === "accrueCourseFee")
        accruals.push({ payerId: Number(call.args[0]), payeeId: Number(call.args[1]), amount: call.args[2] });
    }
    frame.calls?.forEach(walk);
  };
  walk(trace);
  return accruals;
}

/**
 * An alliance with every kind of caller the contracts must tell apart: three active members (A with a
 * rotated-out key), a suspended, a withdrawn and a pending member, each role holder, and an outsider;
 * a general course hosted by A, a certified course hosted by B, a closed period with a settlement, an
 * open period, anchored batches from A (students of B and C) and from B (students of A), and A's lab
 * (resource 1) with uses in every state a call acts on.
 */
export async function deployFixture(ethers: HardhatEthers) {
  const s = await ethers.getSigners();
  const [admin, secretariat, council1, council2, council3, auditor, committee] = s;
  const [opA, opAOld, opB, opC, opS, opW, opP, outsider, opA2] = s.slice(7);

  const contracts = await deployAlliance(admin, CHARTER);
  const { registry, catalog, costLedger, creditLedger, resourceExchange } = contracts;
  // The registry takes suspension proposals for low contribution from this cost ledger only. Wired while
  // the admin still holds its role; deployAlliance may already have done it.
  if ((await registry.costLedger()) === ZeroAddress) await registry.setCostLedger(await costLedger.getAddress());

  await registry.grantRole(ROLES.secretariat, secretariat.address);
  for (const c of [council1, council2, council3]) await registry.grantRole(ROLES.council, c.address);
  await registry.grantRole(ROLES.auditor, auditor.address);
  await registry.grantRole(ROLES.committee, committee.address);

  const apply = (name: string, kind: number, region: string, key: HardhatEthersSigner) =>
    registry.connect(secretariat).registerApplicant(name, kind, region, key.address);
  await apply("Beijing Institute of Technology", MemberKind.University, "Beijing", opAOld);
  await apply("Tianjin University", MemberKind.University, "Tianjin", opB);
  await apply("Chongqing Industry Polytechnic College", MemberKind.VocationalCollege, "Chongqing", opC);
  await apply("Hebei Vocational College of Rail", MemberKind.VocationalCollege, "Hebei", opS);
  await apply("Chengdu Aeronautic Polytechnic", MemberKind.VocationalCollege, "Sichuan", opW);
  await apply("Sichuan Engineering Technical College", MemberKind.VocationalCollege, "Sichuan", opP);

  /** A council decision: council1 proposes, council2 approves (quorum 2). */
  const decide = async (action: number, memberId: number) => {
    await registry.connect(council1).propose(action, memberId, NO_CHARTER);
    const proposalId = await registry.proposalCount();
    await registry.connect(council2).approve(proposalId);
    return proposalId;
  };
  /**
   * A council decision on investment shares: council1 proposes, council2 approves (quorum 2). Period id 0
   * decides the charter's shares, used by every period without shares of its own.
   */
  const decideShares = async (memberIds: readonly number[], sharesBps: readonly number[], periodId = 0) => {
    await registry.connect(council1).proposeShares(periodId, [...memberIds], [...sharesBps]);
    const proposalId = await registry.proposalCount();
    await registry.connect(council2).approve(proposalId);
    return proposalId;
  };
  /** A council decision on the contribution rule: council1 proposes, council2 approves (quorum 2). */
  const decideContributionRule = async (
    minIndexPermille: number,
    periodsBeforeSuspension: number,
    minPeriodDays = 0,
  ) => {
    await registry.connect(council1).proposeContributionRule(minIndexPermille, periodsBeforeSuspension, minPeriodDays);
    const proposalId = await registry.proposalCount();
    await registry.connect(council2).approve(proposalId);
    return proposalId;
  };
  for (const m of [A, B, C, S, W]) await decide(Action.Admit, m);
  await decide(Action.Suspend, S);
  await decide(Action.Withdraw, W);

  // Key rotation: A's first key adds the new one, the new one removes the old.
  await registry.connect(opAOld).addOperator(A, opA.address);
  await registry.connect(opA).removeOperator(A, opAOld.address);

  await catalog.connect(opA).publishCourse(encodeBytes32String("CS101"), courseTerms());
  await catalog
    .connect(opB)
    .publishCourse(encodeBytes32String("ME201"), courseTerms({ credits: 250, feePerCredit: 8_000n }));
  const generalCourse = 1;
  const certifiedCourse = 2;
  await catalog.connect(committee).setCourseTier(certifiedCourse, 1, Tier.Certified, id("evaluation report 2026"));

  // Period 1: nothing happened; closed with zero nets, one settlement recorded for the matrix.
  const members = [A, B, C];
  const shares = [4000, 3500, 2500];
  const currency = "0x434e59"; // "CNY"
  // The charter's shares, decided by the council: every period opens with them unless it has its own.
  await decideShares(members, shares);
  await costLedger.connect(secretariat).openPeriod(currency, members, shares);
  await costLedger.connect(secretariat).closePeriod(1, id("report 1"), [0, 0, 0]);
  await costLedger.connect(opA).recordSettlement(1, B, 100, id("bank ref 1"));
  await costLedger.connect(secretariat).openPeriod(currency, members, shares);

  const batchAtoB = batchOf([
    ...Array.from({ length: 6 }, () => attestation(A, B, generalCourse)),
    attestation(A, C, generalCourse),
    attestation(A, C, generalCourse, { credits: 150 }),
  ]);
  const batchBtoA = batchOf(Array.from({ length: 4 }, () => attestation(B, A, certifiedCourse, { credits: 250 })));
  await creditLedger.connect(opA).anchorBatch(batchAtoB.root, batchAtoB.rows.length);
  await creditLedger.connect(opB).anchorBatch(batchBtoA.root, batchBtoA.rows.length);

  // Resource 1: A's lab, 200.00 CNY an hour, 40 hours at once. Uses in every state a call acts on.
  await resourceExchange.connect(opA).publishResource(ResourceKind.LabOrTrainingRoom, ZeroHash, resourceTerms());
  const resourceId = 1;
  const request = (as: HardhatEthersSigner, quantity: number) =>
    resourceExchange.connect(as).requestUse(resourceId, quantity, SEPT_1, SEPT_30, ZeroHash);
  await request(opB, 8); // use 1: Requested
  await request(opB, 10); // use 2: Accepted
  await resourceExchange.connect(opA).acceptUse(2, ZeroHash);
  await request(opC, 6); // use 3: Delivered
  await resourceExchange.connect(opA).acceptUse(3, ZeroHash);
  await resourceExchange.connect(opA).recordDelivery(3, 6, id("delivery 3"));
  await request(opB, 4); // use 4: Disputed
  await resourceExchange.connect(opA).acceptUse(4, ZeroHash);
  await resourceExchange.connect(opA).recordDelivery(4, 4, id("delivery 4"));
  await resourceExchange.connect(opB).disputeUse(4, id("only 3 hours"));
  await request(opC, 2); // use 5: Declined
  await resourceExchange.connect(opA).declineUse(5, id("lab closed"));

  // Roles are given out; from here on only the council changes who holds one.
  await registry.completeBootstrap();
  const proposals = await registry.proposalCount();
  if (proposals !== BigInt(FIXTURE_PROPOSALS))
    throw new Error(`fixture made ${proposals} proposals, not ${FIXTURE_PROPOSALS}`);

  return {
    ...contracts,
    admin,
    secretariat,
    council: [council1, council2, council3] as const,
    auditor,
    committee,
    opA,
    opAOld,
    opA2,
    opB,
    opC,
    opS,
    opW,
    opP,
    outsider,
    decide,
    decideShares,
    decideContributionRule,
    members,
    shares,
    currency,
    generalCourse,
    certifiedCourse,
    batchAtoB,
    batchBtoA,
    openPeriodId: 2,
    resourceId,
    /** Uses of resource 1 by state: requested (B, 8 h), accepted (B, 10 h), delivered (C, 6 h), disputed
     * (B, 4 h delivered), declined (C). 10 hours are committed. */
    uses: { requested: 1, accepted: 2, delivered: 3, disputed: 4, declined: 5 },
  };
}

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;
