import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { id, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePeriod } from "../actions/costs/closePeriod.js";
import { attestationLeafHash } from "../attestations/attestation.js";
import { reconciliationReportJson } from "../reconciliation/reconciliationReport.js";
import { openDecidedPeriod } from "../testing/openDecidedPeriod.js";
import { revokeAttestation, supersedeAttestation } from "../actions/credits/revokeAttestation.js";
import { devWallet, startLocalAlliance, type LocalAlliance } from "../testing/startLocalAlliance.js";
import { simulateTerm } from "../testing/simulateTerm.js";
import { auditLedger, type AuditExport, type AuditReport } from "./auditLedger.js";
import type { AuditScope } from "./auditScope.js";
import { verifyEvidencePackage, writeEvidencePackage } from "./evidencePackage.js";

let alliance: LocalAlliance;
let honest: AuditExport;

beforeAll(async () => {
  alliance = await startLocalAlliance(3);
  const term = await simulateTerm(alliance, { batches: 3, perBatch: 8, recognitions: 6, costEntries: 24, chunk: 4 });
  const { reconciliation } = await closePeriod(alliance.secretariat, { periodId: term.periodId }); // its nets are replayed too
  honest = { ...term, reports: [{ periodId: term.periodId, report: reconciliationReportJson(reconciliation) }] };
}, 60_000);
afterAll(async () => alliance?.stop());

const audit = (exported: AuditExport, scope?: AuditScope) =>
  auditLedger({ provider: alliance.provider, addresses: alliance.secretariat.addresses, export: exported, scope });
const codes = (r: AuditReport) => r.discrepancies.map((d) => [d.code, d.recordId]);
const copy = (e: AuditExport): AuditExport => ({
  attestations: e.attestations.map((a) => ({ ...a, attestation: { ...a.attestation } })),
  costEntries: e.costEntries.map((c) => ({ ...c })),
  reports: e.reports?.map((r) => ({ ...r })),
  periodTotals: e.periodTotals!.map((t) => ({ ...t })),
});
/** The export with each batch's leaf list, as a gateway keeps it. */
const withLeafLists = (e: AuditExport): AuditExport => {
  const byRoot = new Map<string, AuditExport["attestations"]>();
  for (const a of honest.attestations) byRoot.set(a.batchRoot, [...(byRoot.get(a.batchRoot) ?? []), a]);
  const batches = [...byRoot].map(([root, records]) => ({
    issuerId: records[0].attestation.issuerId,
    root,
    leaves: records
      .sort((a, b) => a.attestation.index - b.attestation.index)
      .map((r) => attestationLeafHash(r.attestation)),
  }));
  return { ...e, batches };
};

describe("auditLedger", () => {
  it("passes an honest export of a whole term", async () => {
    const report = await audit(honest);
    expect(report.discrepancies).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.counts).toMatchObject({ batches: 3, attestations: 24, recognitions: 6, costEntries: 24, periods: 1 });
    expect(report.counts.events).toBeGreaterThan(24 * 2 + 6 + 3);
  });

  it("names the record whose attestation field was altered", async () => {
    const e = copy(honest);
    e.attestations[5].attestation.credits = 600;
    const report = await audit(e);
    expect(codes(report)).toEqual(expect.arrayContaining([["ATTESTATION_NOT_IN_BATCH", e.attestations[5].recordId]]));
    // The recognised record now matches no exported record either, if it was one of those decided.
    expect(report.passed).toBe(false);
  });

  it("names a removed attestation and a removed cost entry, and blames no intact record", async () => {
    const e = copy(honest);
    const [removed] = e.attestations.splice(10, 1);
    const [removedEntry] = e.costEntries.splice(3, 1);
    const { issuerId, index } = removed.attestation;
    // Without the batch's leaf list the other records prove themselves; the hole is named by its place.
    expect(codes(await audit(e))).toEqual([
      ["ATTESTATION_MISSING", `${issuerId}:${removed.batchRoot.toLowerCase()}:${index}`],
      ["ENTRY_MISSING", removedEntry.entryId],
    ]);
    // With it, by its leaf, even when the export carries no proofs.
    const bare = withLeafLists({ ...e, attestations: e.attestations.map((a) => ({ ...a, proof: undefined })) });
    expect(codes(await audit(bare))).toEqual([
      ["ATTESTATION_MISSING", attestationLeafHash(removed.attestation)],
      ["ENTRY_MISSING", removedEntry.entryId],
    ]);
  });

  it("re-hashes the closing report against the chain and names what was changed in it", async () => {
    const e = copy(honest);
    const report = JSON.parse(e.reports![0].report);
    report.members[1].net = String(BigInt(report.members[1].net) + 1n);
    e.reports![0].report = `${JSON.stringify(report, null, 2)}\n`;
    const periodId = String(honest.reports![0].periodId);
    expect(codes(await audit(e))).toEqual([
      ["REPORT_ALTERED", periodId],
      ["REPORT_MEMBER_MISMATCH", `${periodId}:${report.members[1].memberId}`],
    ]);
    expect(codes(await audit({ ...copy(honest), reports: [] }))).toEqual([["REPORT_MISSING", periodId]]);
  });

  it("detects an inserted attestation and an inserted cost entry", async () => {
    const e = copy(honest);
    const forged = {
      ...e.attestations[0],
      recordId: "forged-1",
      attestation: { ...e.attestations[0].attestation, learnerCommitment: `0x${"11".repeat(32)}` },
    };
    e.attestations.push(forged);
    e.costEntries.push({ ...e.costEntries[0], recordId: "forged-cost", entryId: `0x${"22".repeat(32)}` });
    const report = await audit(e);
    expect(codes(report)).toEqual(
      expect.arrayContaining([
        ["ATTESTATION_NOT_IN_BATCH", "forged-1"],
        ["ENTRY_NOT_ON_CHAIN", "forged-cost"],
      ]),
    );
  });

  it("detects an altered amount", async () => {
    const e = copy(honest);
    e.costEntries[7].amount += 100n;
    const report = await audit(e);
    expect(codes(report)).toEqual([["ENTRY_ALTERED", e.costEntries[7].recordId]]);
    expect(report.discrepancies[0].message).toMatch(/amount \d+ in the export, \d+ on chain/);
  });

  it("detects a wrong period total in the secretariat's books", async () => {
    const e = copy(honest);
    const totals = e.periodTotals!;
    totals[1].contributed -= 1n;
    const report = await audit(e);
    expect(codes(report)).toEqual([["PERIOD_TOTAL_MISMATCH", `${totals[1].periodId}:${totals[1].memberId}`]]);
  });

  it("audits the auditor's scope, never the export's: a share of the alliance passes only when the auditor narrows to it", async () => {
    const issuer = honest.attestations[0].attestation.issuerId;
    const mine = (e: AuditExport): AuditExport => ({
      attestations: e.attestations.filter((a) => a.attestation.issuerId === issuer),
      costEntries: e.costEntries.filter((c) => c.memberId === issuer),
      reports: e.reports,
      scope: { issuerIds: [issuer], costEntryMemberIds: [issuer] },
    });
    const narrowed: AuditScope = { issuerIds: [issuer], memberIds: [issuer] };
    const share = mine(honest);
    expect(share.attestations.length).toBeLessThan(honest.attestations.length);
    const passed = await audit(share, narrowed);
    expect(passed.discrepancies).toEqual([]);
    expect(passed.scope).toEqual({ issuerIds: [issuer], memberIds: [issuer], periodIds: "all" });
    // The export's own scope narrows nothing: by default the audit covers everything on chain.
    const gutted = await audit(share);
    expect(gutted.scope).toEqual({ issuerIds: "all", memberIds: "all", periodIds: "all" });
    const found = new Set(gutted.discrepancies.map((d) => d.code));
    expect(found).toEqual(new Set(["ATTESTATION_MISSING", "ENTRY_MISSING"]));
    const removals = mine(honest);
    const [removedEntry] = removals.costEntries.splice(0, 1);
    const removed = removals.attestations.splice(0, 1)[0].attestation;
    expect(codes(await audit(removals, narrowed))).toEqual(
      expect.arrayContaining([
        ["ATTESTATION_MISSING", expect.stringContaining(`:${removed.index}`)],
        ["ENTRY_MISSING", removedEntry.entryId],
      ]),
    );
  });

  it("writes a signed evidence package whose tampering is detected", async () => {
    const report = await audit(honest);
    const dir = await mkdtemp(join(tmpdir(), "evidence-"));
    const auditor = devWallet(9, alliance.provider);
    const manifest = await writeEvidencePackage({ dir, report, auditor });
    expect(manifest.files.map((f) => f.name)).toEqual(["audit-report.json", "discrepancies.csv"]);
    expect(await verifyEvidencePackage(dir)).toEqual({ valid: true, signer: auditor.address, problems: [] });

    const path = join(dir, "audit-report.json");
    await writeFile(path, (await readFile(path, "utf8")).replace('"passed": true', '"passed": false'));
    expect((await verifyEvidencePackage(dir)).problems).toEqual(["audit-report.json was changed after signing"]);
  });

  // Last: it changes the chain the other tests audit.
  it("replays revocations of recognised records: the fees flow back in the open period and the replayed totals equal the chain's", async () => {
    const shares = [
      { memberId: 1, shareBps: 3334 },
      { memberId: 2, shareBps: 3333 },
      { memberId: 3, shareBps: 3333 },
    ];
    const { periodId } = await openDecidedPeriod(alliance.secretariat, { currency: "CNY", shares });
    const record = (i: number) => ({
      root: honest.attestations[i].batchRoot,
      attestation: honest.attestations[i].attestation,
      proof: honest.attestations[i].proof!,
    });
    const [issuer, home] = [honest.attestations[0].attestation.issuerId, honest.attestations[0].attestation.homeId];
    // Records 0 and 1 were recognised (fee 15,000 each); record 7 of the same batch was not.
    await revokeAttestation(alliance.members[issuer - 1], { record: record(0), reasonCode: 1 });
    await supersedeAttestation(alliance.members[issuer - 1], {
      record: record(1),
      replacement: record(7),
      reasonCode: 2,
    });

    const fee = 15_000n;
    const books = (reversed: bigint) =>
      shares.map(({ memberId }) => ({
        periodId,
        memberId,
        contributed: 0n,
        expensesPaid: 0n,
        feesPayable: memberId === issuer ? reversed : 0n,
        feesReceivable: memberId === home ? reversed : 0n,
      }));
    const report = await audit({ ...copy(honest), periodTotals: [...honest.periodTotals!, ...books(2n * fee)] });
    expect(report.discrepancies).toEqual([]); // includes the contract's own totals against the replayed ones
    expect(report.counts.revocations).toBe(2);
    const onChain = await alliance.reader.costLedger.memberTotals(periodId, issuer);
    expect([onChain.feesPayable, onChain.feesReceivable]).toEqual([2n * fee, 0n]);

    // Books that missed the reversals are caught, per member.
    const stale = await audit({ ...copy(honest), periodTotals: [...honest.periodTotals!, ...books(0n)] });
    expect(codes(stale)).toEqual([
      ["PERIOD_TOTAL_MISMATCH", `${periodId}:${issuer}`],
      ["PERIOD_TOTAL_MISMATCH", `${periodId}:${home}`],
    ]);
  });

  it("replays shared-resource fees like course fees: a confirmed and a resolved use, booked in the open period", async () => {
    const { costLedger } = alliance.reader;
    let periodId = Number(await costLedger.openPeriodId());
    if (periodId === 0)
      ({ periodId } = await openDecidedPeriod(alliance.secretariat, {
        currency: "CNY",
        shares: [1, 2, 3].map((memberId) => ({ memberId, shareBps: memberId === 1 ? 3334 : 3333 })),
      }));
    const [host, user] = [alliance.members[0], alliance.members[1]];
    const send = async (tx: Promise<{ wait(): Promise<unknown> }>) => (await tx).wait();
    const price = 20_000n;
    await send(
      host.resourceExchange!.publishResource(1, ZeroHash, {
        unit: 0,
        pricePerUnit: price,
        capacity: 40,
        termsHash: id("lab terms"),
      }),
    );
    const resourceId = await host.resourceExchange!.resourceCount();
    const delivered = async (quantity: number) => {
      await send(user.resourceExchange!.requestUse(resourceId, quantity, 20_697, 20_726, ZeroHash));
      const useId = await user.resourceExchange!.useCount();
      await send(host.resourceExchange!.acceptUse(useId, ZeroHash));
      await send(host.resourceExchange!.recordDelivery(useId, quantity, id(`delivery ${useId}`)));
      return useId;
    };
    const before = await costLedger.memberTotals(periodId, 1);
    await send(user.resourceExchange!.confirmUse(await delivered(8)));
    const disputed = await delivered(4);
    await send(user.resourceExchange!.disputeUse(disputed, id("only 3 hours")));
    await send(alliance.secretariat.resourceExchange!.resolveDispute(disputed, 3, id("3 hours held")));
    expect((await costLedger.memberTotals(periodId, 1)).feesReceivable - before.feesReceivable).toBe(11n * price);

    // The secretariat's books for the open period, as the chain keeps them; with the fees left out they
    // are caught, per member.
    const books = async (withoutFees = false) =>
      Promise.all(
        [1, 2, 3].map(async (memberId) => {
          const t = await costLedger.memberTotals(periodId, memberId);
          const fees = withoutFees ? 11n * price : 0n;
          return {
            periodId,
            memberId,
            contributed: t.contributed,
            expensesPaid: t.expensesPaid,
            feesPayable: t.feesPayable - (memberId === 2 ? fees : 0n),
            feesReceivable: t.feesReceivable - (memberId === 1 ? fees : 0n),
          };
        }),
      );
    const report = await audit({ ...copy(honest), periodTotals: [...honest.periodTotals!, ...(await books())] });
    expect(report.discrepancies).toEqual([]); // includes the contract's own totals against the replayed ones
    const stale = await audit({ ...copy(honest), periodTotals: [...honest.periodTotals!, ...(await books(true))] });
    expect(codes(stale)).toEqual([
      ["PERIOD_TOTAL_MISMATCH", `${periodId}:1`],
      ["PERIOD_TOTAL_MISMATCH", `${periodId}:2`],
    ]);
  });
});
