import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { NonceManager } from "ethers";
import {
  createApiKey,
  createServer,
  indexChain,
  indexedBlock,
  startBatcher,
  type Database,
} from "@alliance-ledger/api";
import {
  attestationLeafBytes,
  createAllianceClient,
  merkleRootOfLeaves,
  publishCourse,
  sealAttestation,
} from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { insertRows } from "../../packages/api/src/db/database.js";
import { OUTBOX_COLUMNS } from "../../packages/api/src/outbox/outboxRecords.js";
import { freshDatabase } from "./freshDatabase.js";
import { printTable, type BenchResult } from "./report.js";

const RECORDS = 100_000;
const CHUNK = 5_000;
const IN_FLIGHT_REQUESTS = 2;
const BASELINE_SAMPLE = 1_000;
const BASELINE_IN_FLIGHT = 32;
/** Records per batch in the ceiling: what the bench's batcher forms at most. */
const MAX_BATCH = 16_384;

const record = (i: number) => ({
  homeId: 2,
  courseId: 1,
  term: 20261,
  credits: 3,
  studentRef: `S-${i}`,
  grade: "A",
  completionDate: "2026-07-01",
});

/**
 * The ceiling: the work no ingest path can skip, on the same machine and database kind, in this run. For
 * each record: its JSON parsed (in the same 5,000-record bodies), three salts and commitments, its leaf at
 * its index and its share of the batch's root (six keccak hashes), and its final row inserted once, in a
 * transaction per body. SQLite: one prepared single-row INSERT per record (in process, no round trip).
 * PostgreSQL: the same rows in multi-row INSERTs, since one round trip per row would measure the network,
 * not the work, and make a "ceiling" that a batched ingest beats. No HTTP, validation, idempotency key,
 * chain, batcher reads or updates, or index.
 */
async function measureCeiling(db: Database, bodies: string[]): Promise<number> {
  const start = performance.now();
  let seq = 0;
  let inBatch = 0;
  let batchLeaves: Uint8Array[] = [];
  const createdAt = new Date().toISOString();
  for (const body of bodies) {
    const { records } = JSON.parse(body) as { records: ReturnType<typeof record>[] };
    const rows = records.map((r) => {
      const sealed = sealAttestation({ issuerId: 1, courseVersion: 1, ...r, credits: r.credits * 100 });
      const a = { ...sealed.attestation, index: inBatch };
      const leaf = attestationLeafBytes(a);
      batchLeaves.push(leaf);
      inBatch += 1;
      if (inBatch === MAX_BATCH) {
        merkleRootOfLeaves(batchLeaves);
        batchLeaves = [];
        inBatch = 0;
      }
      seq += 1;
      return [
        `ceiling-${seq}`,
        seq,
        a.issuerId,
        a.homeId,
        a.courseId,
        a.courseVersion,
        a.term,
        a.credits,
        r.studentRef,
        r.grade,
        r.completionDate,
        sealed.disclosures.learner.salt,
        sealed.disclosures.grade.salt,
        sealed.disclosures.completionDate.salt,
        `0x${Buffer.from(leaf).toString("hex")}`,
        [a.learnerCommitment, a.gradeCommitment, a.completionCommitment].join(","),
        "anchored",
        "0x00",
        a.index,
        createdAt,
      ];
    });
    await db.transaction(async (tx) => {
      if (db.dialect === "postgres") {
        await insertRows(tx, "ceiling.insert", "outbox_attestations", OUTBOX_COLUMNS, rows);
        return;
      }
      const sql = `INSERT INTO outbox_attestations (${OUTBOX_COLUMNS.join(", ")}) VALUES (${OUTBOX_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`;
      for (const row of rows) await tx.query("ceiling.insert", sql, row);
    });
  }
  if (batchLeaves.length > 0) merkleRootOfLeaves(batchLeaves);
  return seq / ((performance.now() - start) / 1000);
}

/**
 * 100,000 attestations through the gateway's bulk endpoint to a local anvil node, timed until every
 * record is anchored and the index has caught up; beside it, in the same run, the ceiling (see
 * {@link measureCeiling}, before and after, the higher kept) and the per-record path (one `anchorAttestation` transaction per record, 32 in
 * flight) timed on a sample and extrapolated. DATABASE_URL runs it on PostgreSQL (fresh schemas, dropped after).
 */
export async function benchIngest(): Promise<BenchResult> {
  const chain = await startLocalAlliance(2);
  const dir = await mkdtemp(join(tmpdir(), "ingest-"));
  const dialect = process.env.DATABASE_URL ? "postgres" : "sqlite";
  const chunks = Array.from({ length: RECORDS / CHUNK }, (_, c) =>
    Array.from({ length: CHUNK }, (_, j) => record(c * CHUNK + j)),
  );
  const bodies = chunks.map((records) => JSON.stringify({ records }));

  const ceilingRun = async (name: string) => {
    const ceiling = await freshDatabase(dir, name);
    try {
      return await measureCeiling(ceiling.db, bodies);
    } finally {
      await ceiling.drop();
    }
  };
  // Measured before and after the bulk run, and the higher one kept: a machine busy with something else
  // during one of them lowers that one, and must not flatter the bulk figure.
  const ceilingBefore = await ceilingRun("ceiling_before");

  const { db, drop } = await freshDatabase(dir, "gateway");
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
    const batcher = startBatcher({ db, signers: new Map([[1, host]]), intervalMs: 100, maxBatch: MAX_BATCH, logger });

    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT_REQUESTS }, async () => {
        while (next < bodies.length) {
          const c = next++;
          const res = await fetch(`${url}/attestations`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${key}`,
              "idempotency-key": `ingest-${c}`,
              "content-type": "application/json",
            },
            body: bodies[c],
          });
          if (res.status !== 202) throw new Error(`chunk ${c}: ${res.status} ${await res.text()}`);
        }
      }),
    );
    const acceptedAt = performance.now();
    // Polled through the status index (a COUNT over the whole outbox, every 20 ms, took a core from
    // PostgreSQL while it ingested).
    for (;;) {
      const left = await db.query(
        "bench.pending",
        "SELECT id FROM outbox_attestations WHERE status IN ('pending', 'anchoring') LIMIT 1",
      );
      if (left.length === 0) break;
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
    const ceilingAfter = await ceilingRun("ceiling_after");
    const ceilingPerSecond = Math.max(ceilingBefore, ceilingAfter);
    const baselineRecordsPerSecond = BASELINE_SAMPLE / baselineSeconds;
    const recordsPerSecond = RECORDS / seconds;

    const round = (x: number) => Math.round(x);
    const figures = {
      database: dialect,
      recordsPerSecond: round(recordsPerSecond),
      ceilingPerSecond: round(ceilingPerSecond),
      ofCeiling: Math.round((recordsPerSecond / ceilingPerSecond) * 100) / 100,
      ceilingRunsPerSecond: [round(ceilingBefore), round(ceilingAfter)],
      baselineRecordsPerSecond: round(baselineRecordsPerSecond),
      ratio: Math.round((recordsPerSecond / baselineRecordsPerSecond) * 10) / 10,
      records: RECORDS,
      seconds: Math.round(seconds * 100) / 100,
      acceptSeconds: Math.round(((acceptedAt - start) / 1000) * 100) / 100,
    };
    printTable(`ingest on ${dialect} (gateway bulk endpoint to a local anvil node, until anchored and indexed)`, [
      [
        `bulk: ${RECORDS} records in ${CHUNK}-record requests, ${IN_FLIGHT_REQUESTS} in flight`,
        `${figures.recordsPerSecond} records/s`,
        `${figures.seconds} s (accepted in ${figures.acceptSeconds} s)`,
      ],
      [
        "ceiling: hashing, parsing and one insert per record (no HTTP, no chain; best of 2)",
        `${figures.ceilingPerSecond} records/s`,
        `bulk is ${figures.ofCeiling} of it (target >= ${dialect === "sqlite" ? "0.7" : "0.5"})`,
      ],
      [
        `baseline: one tx per record, ${BASELINE_IN_FLIGHT} in flight (${BASELINE_SAMPLE} sampled)`,
        `${figures.baselineRecordsPerSecond} records/s`,
        `bulk is ${figures.ratio}x (target >= 20x)`,
      ],
    ]);
    return { name: "ingest", figures };
  } finally {
    await drop();
    // Let block polling left by receipts' waits finish before the provider goes, so none rejects unhandled.
    await chain.provider.removeAllListeners();
    await new Promise((r) => setTimeout(r, 250));
    await chain.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
