import { mkdtemp } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { NonceManager } from "ethers";
import {
  createApiKey,
  createDatabase,
  createServer,
  indexChain,
  indexedBlock,
  startBatcher,
} from "@alliance-ledger/api";
import { createAllianceClient, publishCourse, sealAttestation } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { printTable, type BenchResult } from "./report.js";

const RECORDS = 100_000;
const CHUNK = 5_000;
const IN_FLIGHT_REQUESTS = 2;
const BASELINE_SAMPLE = 1_000;
const BASELINE_IN_FLIGHT = 32;

/**
 * 100,000 attestations through the gateway's bulk endpoint to a local anvil node, timed until every
 * record is anchored and the index has caught up; beside it, in the same run, the per-record path (one
 * `anchorAttestation` transaction per record, 32 in flight) timed on a sample and extrapolated.
 */
export async function benchIngest(): Promise<BenchResult> {
  const chain = await startLocalAlliance(2);
  const dir = await mkdtemp(join(tmpdir(), "ingest-"));
  const db = await createDatabase({ sqlitePath: join(dir, "gateway.sqlite") });
  try {
    const [host] = chain.members;
    await publishCourse(host, {
      code: "ING",
      terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 1n, term: 20261, seats: 100_000 },
    });
    const key = (await createApiKey(db, { label: "registrar", role: "member", memberId: 1 })).key;
    const logger = pino({ level: "warn" });
    const app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers: new Map([[1, host]]),
      logger,
      rateLimitPerMinute: 1_000_000,
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const batcher = startBatcher({ db, signers: new Map([[1, host]]), intervalMs: 100, maxBatch: 16_384, logger });

    const record = (i: number) => ({
      homeId: 2,
      courseId: 1,
      term: 20261,
      credits: 3,
      studentRef: `S-${i}`,
      grade: "A",
      completionDate: "2026-07-01",
    });
    const chunks = Array.from({ length: RECORDS / CHUNK }, (_, c) =>
      Array.from({ length: CHUNK }, (_, j) => record(c * CHUNK + j)),
    );
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT_REQUESTS }, async () => {
        while (next < chunks.length) {
          const c = next++;
          const res = await fetch(`${url}/attestations`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${key}`,
              "idempotency-key": `ingest-${c}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ records: chunks[c] }),
          });
          if (res.status !== 202) throw new Error(`chunk ${c}: ${res.status} ${await res.text()}`);
        }
      }),
    );
    const acceptedAt = performance.now();
    for (;;) {
      const [{ n }] = await db.query<{ n: number }>(
        "bench.pending",
        "SELECT COUNT(*) AS n FROM outbox_attestations WHERE status <> 'anchored'",
      );
      if (Number(n) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    const head = await chain.provider.getBlockNumber();
    if ((await indexedBlock(db)) < head) throw new Error("index behind");
    const seconds = (performance.now() - start) / 1000;
    await batcher.stop();
    server.close();

    // Baseline: one transaction per record, 32 in flight, from a fresh signer with local nonces.
    const signer = new NonceManager(devWallet(1, chain.provider));
    const perRecord = createAllianceClient({ runner: signer, addresses: chain.reader.addresses });
    const attestations = Array.from(
      { length: BASELINE_SAMPLE },
      (_, i) => sealAttestation({ issuerId: 1, ...record(RECORDS + i), courseVersion: 1 }).attestation,
    );
    const baselineStart = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: BASELINE_IN_FLIGHT }, async () => {
        while (k < attestations.length) {
          const a = attestations[k++];
          await (await perRecord.creditLedger.anchorAttestation(a)).wait();
        }
      }),
    );
    const baselineSeconds = (performance.now() - baselineStart) / 1000;
    const baselineRecordsPerSecond = BASELINE_SAMPLE / baselineSeconds;
    const recordsPerSecond = RECORDS / seconds;

    const round = (x: number) => Math.round(x);
    const figures = {
      recordsPerSecond: round(recordsPerSecond),
      baselineRecordsPerSecond: round(baselineRecordsPerSecond),
      ratio: Math.round((recordsPerSecond / baselineRecordsPerSecond) * 10) / 10,
      records: RECORDS,
      seconds: Math.round(seconds * 100) / 100,
      acceptSeconds: Math.round(((acceptedAt - start) / 1000) * 100) / 100,
    };
    printTable("ingest (gateway bulk endpoint to a local anvil node, until anchored and indexed)", [
      [
        `bulk: ${RECORDS} records in ${CHUNK}-record requests, ${IN_FLIGHT_REQUESTS} in flight`,
        `${figures.recordsPerSecond} records/s`,
        `${figures.seconds} s (accepted in ${figures.acceptSeconds} s); target >= 10,000/s`,
      ],
      [
        `baseline: one tx per record, ${BASELINE_IN_FLIGHT} in flight (${BASELINE_SAMPLE} sampled)`,
        `${figures.baselineRecordsPerSecond} records/s`,
        `${figures.ratio}x (target >= 20x)`,
      ],
    ]);
    return { name: "ingest", figures };
  } finally {
    await db.close();
    await chain.stop();
  }
}
