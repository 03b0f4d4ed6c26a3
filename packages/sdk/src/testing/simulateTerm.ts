import { id } from "ethers";
import { buildAttestationTree } from "../attestations/buildAttestationTree.js";
import { publishCourse } from "../actions/catalog/publishCourse.js";
import { claimEntries } from "../actions/costs/claimEntries.js";
import { entryIdOf, type ClaimEntryParameters } from "../actions/costs/claimEntry.js";
import { confirmEntries } from "../actions/costs/confirmEntries.js";
import { openDecidedPeriod } from "./openDecidedPeriod.js";
import { anchorBatch } from "../actions/credits/anchorBatch.js";
import { recognizeAttestations } from "../actions/credits/recognizeAttestations.js";
import type { AuditExport } from "../audit/auditLedger.js";
import { sealAttestation } from "../credentials/sealAttestation.js";
import type { LocalAlliance } from "./startLocalAlliance.js";

export interface SimulateTermParameters {
  batches: number;
  perBatch: number;
  recognitions: number;
  costEntries: number;
  /** Transactions carry at most this many recognitions or entries. */
  chunk?: number;
  onProgress?: (step: string) => void;
}

const FEE_PER_CREDIT = 5_000n;
const CREDITS = 300;

/**
 * Runs a term on a local alliance: every member hosts a course, members anchor batches of
 * attestations for each other's students, home schools accept some of them, members claim cash and
 * expense entries that the secretariat confirms. Returns the honest off-chain export of it all, as a
 * gateway would hand it to an auditor (records, proofs, the secretariat's period totals).
 */
export async function simulateTerm(
  alliance: LocalAlliance,
  p: SimulateTermParameters,
): Promise<AuditExport & { periodId: number }> {
  const n = alliance.members.length;
  const chunk = p.chunk ?? 100;
  const log = p.onProgress ?? (() => {});
  const courseOf: number[] = [];
  const existing = await alliance.reader.catalog.courseCount(); // codes stay unique on a chain with courses
  for (const [i, member] of alliance.members.entries()) {
    const code = `T${existing}-${i + 1}`;
    courseOf.push(
      (
        await publishCourse(member, {
          code,
          terms: {
            metadata: `Course ${i + 1}`,
            credits: CREDITS,
            contactHours: 48,
            feePerCredit: FEE_PER_CREDIT,
            term: 20261,
            seats: 100,
          },
        })
      ).courseId,
    );
  }
  const base = Math.floor(10_000 / n);
  const { periodId } = await openDecidedPeriod(alliance.secretariat, {
    currency: "CNY",
    shares: alliance.members.map((_, i) => ({ memberId: i + 1, shareBps: i === 0 ? 10_000 - base * (n - 1) : base })),
  });

  const books = new Map<
    number,
    { contributed: bigint; expensesPaid: bigint; feesReceivable: bigint; feesPayable: bigint; incomeReceived: bigint }
  >(
    alliance.members.map((_, i) => [
      i + 1,
      { contributed: 0n, expensesPaid: 0n, feesReceivable: 0n, feesPayable: 0n, incomeReceived: 0n },
    ]),
  );
  const exported: AuditExport = { attestations: [], costEntries: [], periodTotals: [] };
  const recognisable: Array<{
    homeId: number;
    issuerId: number;
    item: Parameters<typeof recognizeAttestations>[1]["items"][number];
  }> = [];

  for (let b = 0; b < p.batches; b++) {
    const issuerId = (b % n) + 1;
    const homeId = (issuerId % n) + 1;
    const sealed = Array.from({ length: p.perBatch }, (_, i) =>
      sealAttestation({
        issuerId,
        homeId,
        courseId: courseOf[issuerId - 1],
        courseVersion: 1,
        term: 20261,
        index: i,
        credits: CREDITS,
        studentRef: `S-${b}-${i}`,
        grade: "A",
        completionDate: "2026-07-01",
      }),
    );
    const tree = buildAttestationTree(sealed.map((s) => s.attestation));
    await anchorBatch(alliance.members[issuerId - 1], { root: tree.root, count: sealed.length });
    // getProof(i) is the proof of the i-th value given to the tree, whatever its place in the tree.
    for (const [index, { attestation }] of sealed.entries()) {
      const proof = tree.getProof(index);
      exported.attestations.push({ recordId: `att-${b}-${index}`, batchRoot: tree.root, proof, attestation });
      if (recognisable.length < p.recognitions)
        recognisable.push({
          homeId,
          issuerId,
          item: { batchRoot: tree.root, attestation, proof, decide: { decision: "accept" } },
        });
    }
    log(`anchored batch ${b + 1}/${p.batches}`);
  }

  for (let home = 1; home <= n; home++) {
    const mine = recognisable.filter((r) => r.homeId === home);
    for (let i = 0; i < mine.length; i += chunk) {
      const part = mine.slice(i, i + chunk);
      await recognizeAttestations(alliance.members[home - 1], { items: part.map((r) => r.item) });
      for (const r of part) {
        const fee = (BigInt(CREDITS) * FEE_PER_CREDIT) / 100n;
        books.get(r.homeId)!.feesPayable += fee;
        books.get(r.issuerId)!.feesReceivable += fee;
      }
    }
    log(`member ${home} recognised ${mine.length}`);
  }

  const claimsByMember = new Map<number, ClaimEntryParameters[]>();
  for (let e = 0; e < p.costEntries; e++) {
    const memberId = (e % n) + 1;
    const expense = e % 4 === 3;
    const amount = BigInt(1_000 + ((e * 7919) % 1_000_000));
    const claim: ClaimEntryParameters = {
      memberId,
      reference: `entry-${e}`,
      periodId,
      entry: expense ? { kind: "expense", amount } : { kind: "cash", amount },
      evidenceHash: id(`evidence-${e}`),
    };
    (claimsByMember.get(memberId) ?? claimsByMember.set(memberId, []).get(memberId)!).push(claim);
    exported.costEntries.push({
      recordId: `cost-${e}`,
      entryId: entryIdOf(claim.memberId, claim.reference),
      periodId,
      memberId,
      kind: expense ? "expense" : "cash",
      amount,
      status: "confirmed",
    });
    const t = books.get(memberId)!;
    if (expense) t.expensesPaid += amount;
    else t.contributed += amount;
  }
  const entryChunk = chunk * 5;
  for (const [memberId, claims] of claimsByMember) {
    for (let i = 0; i < claims.length; i += entryChunk) {
      const part = claims.slice(i, i + entryChunk);
      await claimEntries(alliance.members[memberId - 1], { claims: part });
      await confirmEntries(alliance.secretariat, { entryIds: part.map((c) => entryIdOf(c.memberId, c.reference)) });
    }
    log(`member ${memberId}: ${claims.length} entries claimed and confirmed`);
  }

  exported.periodTotals = [...books].map(([memberId, t]) => ({ periodId, memberId, ...t }));
  return { ...exported, periodId };
}
