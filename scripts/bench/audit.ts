import { performance } from "node:perf_hooks";
import { auditLedger } from "@alliance-ledger/sdk";
import { simulateTerm, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { printTable, type BenchResult } from "./report.js";

const MEMBERS = 10;
const BATCHES = 100;
const PER_BATCH = 1_000;
const RECOGNITIONS = 10_000;
const COST_ENTRIES = 100_000;
const BASELINE_SAMPLE = 1_000;

/**
 * A full audit of a term on a local anvil node (100,000 attestations in 100 batches, 10,000
 * recognitions, 100,000 cost entries), beside the same record checks made with one contract call per
 * record, timed on a sample in the same run and extrapolated.
 */
export async function benchAudit(): Promise<BenchResult> {
  const alliance = await startLocalAlliance(MEMBERS);
  try {
    const setupStart = performance.now();
    const exported = await simulateTerm(alliance, {
      batches: BATCHES,
      perBatch: PER_BATCH,
      recognitions: RECOGNITIONS,
      costEntries: COST_ENTRIES,
      onProgress: (step) => process.stderr.write(`\rsetting up: ${step}                    `),
    });
    process.stderr.write(`\rset up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s${" ".repeat(40)}\n`);

    const start = performance.now();
    // Seconds per phase (a phase runs until the next one starts; the last until the audit returns).
    const phaseSeconds: Record<string, number> = {};
    let phase: { name: string; at: number } | undefined = { name: "events", at: start };
    const endPhase = (now: number) => {
      if (phase)
        phaseSeconds[phase.name] = Math.round(((phaseSeconds[phase.name] ?? 0) + (now - phase.at) / 1000) * 100) / 100;
    };
    const report = await auditLedger({
      provider: alliance.provider,
      addresses: alliance.secretariat.addresses,
      export: exported,
      onProgress: (name, detail) => {
        process.stderr.write(`\raudit: ${name} ${detail}                    `);
        if (phase?.name === name) return;
        const now = performance.now();
        endPhase(now);
        phase = { name, at: now };
      },
    });
    endPhase(performance.now());
    const seconds = (performance.now() - start) / 1000;
    process.stderr.write("\n");
    if (!report.passed)
      throw new Error(`the honest term failed its audit: ${JSON.stringify(report.discrepancies.slice(0, 3))}`);

    // Baseline: the record checks one contract call at a time.
    const { creditLedger, costLedger } = alliance.reader;
    const attSample = exported.attestations.slice(0, BASELINE_SAMPLE);
    const t0 = performance.now();
    for (const r of attSample) {
      const a = r.attestation;
      await creditLedger.isAnchored(r.batchRoot, a, r.proof!);
      await creditLedger.recordStatus(a.issuerId, r.batchRoot, a.index);
    }
    const perAttestation = (performance.now() - t0) / 1000 / attSample.length;
    const entrySample = exported.costEntries.slice(0, BASELINE_SAMPLE);
    const t1 = performance.now();
    for (const e of entrySample) await costLedger.entry(e.entryId);
    const perEntry = (performance.now() - t1) / 1000 / entrySample.length;
    const baselineSeconds = perAttestation * exported.attestations.length + perEntry * exported.costEntries.length;

    const figures = {
      seconds: Math.round(seconds * 100) / 100,
      baselineSeconds: Math.round(baselineSeconds * 100) / 100,
      ratio: Math.round((baselineSeconds / seconds) * 10) / 10,
      events: report.counts.events,
      attestations: exported.attestations.length,
      recognitions: report.counts.recognitions,
      costEntries: report.counts.costEntries,
      phaseSeconds,
    };
    printTable("audit (local anvil node)", [
      ["full audit: events replayed + every record checked", `${figures.seconds} s`, "target <= 15 s"],
      [
        `baseline: one call per record (${BASELINE_SAMPLE} of each sampled)`,
        `${figures.baselineSeconds} s`,
        `${figures.ratio}x slower (target >= 20x)`,
      ],
      [
        "records",
        `${figures.attestations} attestations`,
        `${figures.recognitions} recognitions, ${figures.costEntries} cost entries, ${figures.events} events`,
      ],
    ]);
    return { name: "audit", figures };
  } finally {
    await alliance.stop();
  }
}
