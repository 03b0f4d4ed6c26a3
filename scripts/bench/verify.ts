import { performance } from "node:perf_hooks";
import {
  anchorBatch,
  buildAttestationTree,
  issueCredentialFiles,
  publishCourse,
  sealAttestation,
  verifyCredential,
  type CredentialFile,
  type VerificationMemo,
} from "@alliance-ledger/sdk";
import { startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { printTable, type BenchResult } from "./report.js";

const CREDENTIALS = 1_000;
const BATCH = 100;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Latency of verifying one credential file against a local anvil node (every check, including the
 * issuer's standing replayed from registry events), over 1,000 credentials verified one after another.
 * Baseline, same run and node: the floor of any on-chain check, one bare `isAnchored(root, attestation,
 * proof)` call per credential; the ratio says what the other seven checks cost on top of it.
 */
export async function benchVerify(): Promise<BenchResult> {
  const alliance = await startLocalAlliance(3);
  try {
    const [host] = alliance.members;
    await publishCourse(host, {
      code: "CS101",
      terms: { metadata: "CS", credits: 300, contactHours: 48, feePerCredit: 5_000n, term: 20261, seats: 100 },
    });
    const { chainId } = await alliance.provider.getNetwork();
    const files: CredentialFile[] = [];
    for (let b = 0; b < CREDENTIALS / BATCH; b++) {
      const sealed = Array.from({ length: BATCH }, (_, i) =>
        sealAttestation({
          issuerId: 1,
          homeId: 2,
          courseId: 1,
          courseVersion: 1,
          term: 20261,
          index: i,
          credits: 300,
          studentRef: `S-${b}-${i}`,
          grade: "A",
          completionDate: "2026-07-01",
        }),
      );
      const tree = buildAttestationTree(sealed.map((s) => s.attestation));
      await anchorBatch(host, { root: tree.root, count: BATCH });
      files.push(
        ...issueCredentialFiles({
          tree,
          sealed,
          chainId: Number(chainId),
          creditLedger: alliance.secretariat.addresses.creditLedger,
        }),
      );
    }

    // The deployment the verifier pins: a credential naming another chain or ledger fails.
    const deployment = { chainId: Number(chainId), creditLedger: alliance.secretariat.addresses.creditLedger };
    await verifyCredential(files[0], alliance.provider, deployment); // warm-up: connection, JIT
    const latencies: number[] = [];
    for (const file of files) {
      const start = performance.now();
      const result = await verifyCredential(file, alliance.provider, deployment);
      latencies.push(performance.now() - start);
      if (!result.valid) throw new Error(`credential failed: ${JSON.stringify(result.checks)}`);
    }
    // As a home school receiving batches verifies them: one memo per batch (its standing, course, chain read once).
    const memos = new Map<string, VerificationMemo>();
    const batchStart = performance.now();
    for (const file of files) {
      if (!memos.has(file.batchRoot)) memos.set(file.batchRoot, new Map());
      const result = await verifyCredential(file, alliance.provider, deployment, { memo: memos.get(file.batchRoot) });
      if (!result.valid) throw new Error(`credential failed with a memo: ${JSON.stringify(result.checks)}`);
    }
    const perCredentialInBatchMs = (performance.now() - batchStart) / files.length;
    const baseline: number[] = [];
    for (const file of files) {
      const start = performance.now();
      const anchored = await alliance.reader.creditLedger.isAnchored(file.batchRoot, file.attestation, file.proof);
      baseline.push(performance.now() - start);
      if (!anchored) throw new Error("baseline: not anchored");
    }
    latencies.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 100) / 100;
    const figures = {
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1)!),
      baselineP50Ms: round(percentile(baseline, 50)),
      baselineP99Ms: round(percentile(baseline, 99)),
      ratioP50: round(percentile(latencies, 50) / percentile(baseline, 50)),
      inBatchMeanMs: round(perCredentialInBatchMs),
      inBatchRatioToAlone: round(perCredentialInBatchMs / (latencies.reduce((s, x) => s + x, 0) / latencies.length)),
      credentials: files.length,
    };
    printTable("verify one credential (local anvil node)", [
      ["p50", `${figures.p50Ms} ms`, `baseline one isAnchored call ${figures.baselineP50Ms} ms (${figures.ratioP50}x)`],
      ["p99", `${figures.p99Ms} ms`, `baseline ${figures.baselineP99Ms} ms`],
      ["max", `${figures.maxMs} ms`, `over ${files.length} credentials`],
      [
        "in a batch",
        `${figures.inBatchMeanMs} ms mean`,
        `one memo per batch of ${BATCH}: ${figures.inBatchRatioToAlone}x the mean verified alone`,
      ],
    ]);
    return { name: "verify", figures };
  } finally {
    await alliance.stop();
  }
}
