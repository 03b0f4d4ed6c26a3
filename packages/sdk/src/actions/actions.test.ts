import { encodeBytes32String, id, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldCommitment, learnerCommitment, type Attestation } from "../attestations/attestation.js";
import { buildAttestationTree } from "../attestations/buildAttestationTree.js";
import { ContractRevertedError, contractErrors } from "../errors/contractErrors.js";
import { startLocalAlliance, type LocalAlliance } from "../testing/startLocalAlliance.js";
import { publishCourse, setCourseTier } from "./catalog/publishCourse.js";
import { claimEntry, confirmEntry, rejectEntry } from "./costs/claimEntry.js";
import { closePeriod, getPeriodTotals } from "./costs/closePeriod.js";
import { openPeriod } from "./costs/openPeriod.js";
import { confirmSettlement, recordSettlement } from "./costs/settlements.js";
import { anchorBatch } from "./credits/anchorBatch.js";
import { recognizeAttestations, recognizeBatches } from "./credits/recognizeAttestations.js";
import { readLedgerEvents } from "../audit/readLedgerEvents.js";
import { revokeAttestation } from "./credits/revokeAttestation.js";
import { approveDecision, ProposalAction, proposeDecision } from "./registry/decideMembership.js";
import { getMember, listMembers } from "./registry/getMember.js";
import { MemberKind, registerApplicant } from "./registry/registerApplicant.js";
import { rotateOperatorKey } from "./registry/rotateOperatorKey.js";

/** The SDK's actions against a real anvil node, end to end through one alliance's term. */
let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startLocalAlliance(3);
}, 120_000);
afterAll(async () => alliance?.stop());

const row = (i: number, overrides: Partial<Attestation> = {}): Attestation => ({
  issuerId: 1,
  homeId: 2,
  courseId: 1,
  courseVersion: 1,
  term: 20261,
  index: i,
  learnerCommitment: learnerCommitment(id(`salt-${i}`), 2, `S-${i}`),
  credits: 300,
  gradeCommitment: fieldCommitment(id(`g-${i}`), "A"),
  completionCommitment: fieldCommitment(id(`d-${i}`), "2026-07-01"),
  ...overrides,
});

describe("SDK actions on a local node", () => {
  it("registers, admits and lists a member, and rotates its key", async () => {
    const { secretariat } = alliance;
    const firstKey = "0x000000000000000000000000000000000000cafE";
    const { memberId } = await registerApplicant(secretariat, {
      name: "Hebei University",
      kind: MemberKind.University,
      region: "Hebei",
      operator: firstKey,
    });
    expect((await getMember(secretariat, { memberId })).status).toBe("pending");
    const decision = await proposeDecision(secretariat, { action: ProposalAction.Admit, memberId });
    expect(decision.executed).toBe(true); // bootstrap quorum of one
    expect((await getMember(secretariat, { memberId })).status).toBe("active");
    expect((await listMembers(secretariat)).map((m) => m.memberId)).toEqual([1, 2, 3, 4]);

    // A lost key is recovered by the council, never by the secretariat alone.
    const fresh = "0x000000000000000000000000000000000000bEEF";
    await expect(rotateOperatorKey(secretariat, { memberId, add: fresh })).rejects.toBeInstanceOf(
      contractErrors.RegistryUnknownOperator,
    );
    expect(
      (await proposeDecision(secretariat, { action: ProposalAction.RecoverKey, memberId, account: fresh })).executed,
    ).toBe(true);
    expect((await getMember(secretariat, { memberId })).operators).toEqual([firstKey, fresh]);
    await expect(approveDecision(secretariat, { proposalId: decision.proposalId })).rejects.toBeInstanceOf(
      contractErrors.RegistryProposalExecuted,
    );

    await proposeDecision(secretariat, { action: ProposalAction.Withdraw, memberId });
    expect((await getMember(secretariat, { memberId })).status).toBe("withdrawn");
  });

  it("runs a term: course, batch, recognition, revocation, entries, close and settlement", async () => {
    const { secretariat, members, reader } = alliance;
    const [host, home] = members;
    const { courseId } = await publishCourse(host, {
      code: "CS101",
      terms: {
        metadata: "Data Structures",
        credits: 300,
        contactHours: 48,
        feePerCredit: 5_000n,
        term: 20261,
        seats: 60,
      },
    });
    expect(courseId).toBe(1);
    await setCourseTier(secretariat, { courseId, tier: 1, reasonHash: id("evaluation") });

    const { periodId } = await openPeriod(secretariat, {
      currency: "CNY",
      shares: [
        { memberId: 3, shareBps: 2500 },
        { memberId: 1, shareBps: 4000 },
        { memberId: 2, shareBps: 3500 },
      ],
    });
    const rows = [row(0), row(1), row(2)];
    const tree = buildAttestationTree(rows);
    await anchorBatch(host, { root: tree.root, count: rows.length });
    await revokeAttestation(host, {
      record: { root: tree.root, attestation: rows[2], proof: tree.getProof(2) },
      reasonCode: 5,
    });
    // Another member cannot revoke the host's record, even through a copy of its root anchored as its own.
    await anchorBatch(home, { root: tree.root, count: rows.length });
    await expect(
      revokeAttestation(home, {
        record: { root: tree.root, attestation: rows[0], proof: tree.getProof(0) },
        reasonCode: 5,
      }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerNotIssuer);

    await recognizeAttestations(home, {
      items: [0, 1].map((i) => ({
        batchRoot: tree.root,
        attestation: rows[i],
        proof: tree.getProof(i),
        decide: { decision: "accept" as const },
      })),
    });
    const refused = recognizeAttestations(home, {
      items: [{ batchRoot: tree.root, attestation: rows[2], proof: tree.getProof(2), decide: { decision: "accept" } }],
    });
    await expect(refused).rejects.toBeInstanceOf(contractErrors.CreditLedgerRevoked);
    await expect(refused).rejects.toMatchObject({
      name: "CreditLedgerRevokedError",
      errorName: "CreditLedgerRevoked",
      args: { leaf: tree.leafHash(tree.at(2)!) },
    });

    const cash = await claimEntry(host, {
      memberId: 1,
      reference: "A-2026-001",
      periodId,
      entry: { kind: "cash", amount: 1_000_000n },
      evidenceHash: id("receipt"),
    });
    const lab = await claimEntry(members[2], {
      memberId: 3,
      reference: "C-2026-001",
      periodId,
      entry: { kind: "inKind", category: "lab-hours", quantity: 40n, unitValue: 12_500n },
      evidenceHash: id("log"),
    });
    const bogus = await claimEntry(home, {
      memberId: 2,
      reference: "B-2026-001",
      periodId,
      entry: { kind: "expense", amount: 9n },
      evidenceHash: id("?"),
    });
    await confirmEntry(secretariat, { entryId: cash.entryId });
    await confirmEntry(secretariat, { entryId: lab.entryId });
    await rejectEntry(secretariat, { entryId: bogus.entryId, reasonCode: 2 });

    const totals = await getPeriodTotals(reader, { periodId });
    expect(totals.map((t) => [t.memberId, t.contributed, t.feesReceivable, t.feesPayable])).toEqual([
      [1, 1_000_000n, 30_000n, 0n],
      [2, 0n, 0n, 30_000n],
      [3, 500_000n, 0n, 0n],
    ]);
    const { reconciliation, reportHash } = await closePeriod(secretariat, { periodId });
    const nets = reconciliation.members;
    expect(nets.reduce((s, n) => s + n.net, 0n)).toBe(0n);
    expect(nets.map((n) => n.net)).toEqual([430_000n, -555_000n, 125_000n]);
    expect((await reader.costLedger.period(periodId)).reportHash).toBe(reportHash);
    expect(reconciliation.currency).toBe("CNY");

    const { settlementId } = await recordSettlement(home, {
      periodId,
      payeeId: 1,
      amount: 430_000n,
      paymentReference: "ICBC 0042",
    });
    // The same payment sent again (a retry) is the same settlement; another payment under its reference is refused.
    expect(
      await recordSettlement(home, { periodId, payeeId: 1, amount: 430_000n, paymentReference: "ICBC 0042" }),
    ).toEqual({ settlementId, transactionHash: null, alreadyRecorded: true });
    await expect(
      recordSettlement(home, { periodId, payeeId: 1, amount: 1n, paymentReference: "ICBC 0042" }),
    ).rejects.toBeInstanceOf(contractErrors.CostLedgerDuplicatePayment);
    expect(await reader.costLedger.settlementCount()).toBe(settlementId);
    await confirmSettlement(host, { settlementId });
    expect((await reader.costLedger.settlement(settlementId)).confirmed).toBe(true);
  });

  it("decides many records of a batch under one multiproof, and the events read back by name", async () => {
    const { secretariat, members, reader, provider } = alliance;
    const [host, home] = members;
    await openPeriod(secretariat, {
      currency: "CNY",
      shares: [
        { memberId: 1, shareBps: 4000 },
        { memberId: 2, shareBps: 3500 },
        { memberId: 3, shareBps: 2500 },
      ],
    });
    // A general course (course 1 was certified above: it could not be converted or rejected).
    const { courseId } = await publishCourse(host, {
      code: "CS102",
      terms: { metadata: "Algorithms", credits: 300, contactHours: 48, feePerCredit: 5_000n, term: 20261, seats: 60 },
    });
    const rows = Array.from({ length: 9 }, (_, i) => row(100 + i, { index: i, courseId }));
    const tree = buildAttestationTree(rows);
    await anchorBatch(host, { root: tree.root, count: rows.length });
    const from = await provider.getBlockNumber();
    await recognizeBatches(home, {
      batches: [
        {
          tree,
          items: [
            { index: 7, decide: { decision: "accept" } },
            {
              index: 2,
              decide: {
                decision: "convert",
                recognisedCredits: 200,
                localCourse: "HB-CS1",
                conversionRule: "map-2026",
              },
            },
            { index: 5, decide: { decision: "reject", reasonCode: 4 } },
            {
              index: 4,
              decide: {
                decision: "convert",
                recognisedCredits: 250,
                localCourse: "HB-CS2",
                conversionRule: "map-2026",
              },
            },
          ],
        },
      ],
    });
    for (const i of [2, 5, 7]) expect((await reader.creditLedger.recordStatus(1, tree.root, i)).decided).toBe(true);
    expect((await reader.creditLedger.recordStatus(1, tree.root, 3)).decided).toBe(false);
    const { events } = await readLedgerEvents({ provider, addresses: reader.addresses, fromBlock: from + 1 });
    const decided = events.filter((e) => e.name === "RecognitionDecided").map((e) => e.args);
    expect(decided.map((a) => [a.index, a.decision, a.recognisedCredits])).toEqual(
      expect.arrayContaining([
        [7, 1, 300],
        [2, 2, 200],
        [5, 3, 0],
      ]),
    );
    // Two conversions in one call: each decision gets its own references.
    expect(decided.find((a) => a.index === 2)).toMatchObject({
      localCourseRef: encodeBytes32String("HB-CS1"),
      feeAccrued: 15_000n,
    });
    expect(decided.find((a) => a.index === 4)).toMatchObject({
      localCourseRef: encodeBytes32String("HB-CS2"),
      recognisedCredits: 250,
    });
    expect(decided.find((a) => a.index === 7)).toMatchObject({ localCourseRef: ZeroHash });
    expect(decided.find((a) => a.index === 5)).toMatchObject({ rejectReason: 4, feeAccrued: 0n, feePeriodId: 0 });
    // A forged record (credits raised) does not fit the batch's multiproof.
    const forged = buildAttestationTree(rows.map((r, i) => (i === 3 ? { ...r, credits: 900 } : r)));
    await expect(
      recognizeBatches(home, {
        batches: [
          {
            tree: { ...forged, root: tree.root, getMultiProof: forged.getMultiProof.bind(forged) } as typeof tree,
            items: [{ index: 3, decide: { decision: "accept" } }],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerInvalidProof);
  });

  it("decodes every refusal into a named error with its arguments", async () => {
    const { outsider } = alliance;
    const error = await anchorBatch(outsider, { root: id("x"), count: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRevertedError);
    expect(error).toBeInstanceOf(contractErrors.RegistryUnknownOperator);
    expect((error as ContractRevertedError).message).toMatch(/RegistryUnknownOperator\(account=0x/);
    expect((error as ContractRevertedError).docsPath).toBe("contracts/interfaces/IAllianceRegistry.sol");
  });
});
