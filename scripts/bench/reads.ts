import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { id, toBeHex, ZeroAddress, ZeroHash } from "ethers";
import pino from "pino";
import { applyLedgerEvents, createApiKey, createServer, type Database } from "@alliance-ledger/api";
import { ROLE_IDS, type LedgerEvent } from "@alliance-ledger/sdk";
import { startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { insertRows } from "../../packages/api/src/db/database.js";
import { OUTBOX_COLUMNS } from "../../packages/api/src/outbox/outboxRecords.js";
import { freshDatabase } from "./freshDatabase.js";
import { printTable, type BenchResult } from "./report.js";

const SIZES = [1_000, 100_000] as const;
const MEMBERS = 20;
const SAMPLES = 200;
const HOME = 2;
/** Each list endpoint as a registrar or the secretariat calls it: the first page, with a filter where people use one. */
const ENDPOINTS: Array<[name: string, path: string, key: "secretariat" | "home"]> = [
  ["courses", "/courses?status=active", "secretariat"],
  ["proposals", "/proposals", "secretariat"],
  ["costEntries", "/cost-entries?periodId=1&status=confirmed", "secretariat"],
  ["settlements", "/settlements?periodId=1", "secretariat"],
  ["recognitionInbox", "/recognitions/inbox", "home"],
  ["performance", "/performance?periodId=1", "secretariat"],
];

let position = 0;
const ev = (contract: LedgerEvent["contract"], name: string, args: Record<string, unknown>): LedgerEvent => ({
  contract,
  name,
  args,
  blockNumber: ++position,
  logIndex: 0,
  transactionHash: toBeHex(position, 32),
});
const account = (n: number) => toBeHex(n, 20);

/** `n` records of every kind the lists show, as the events the chain would have emitted. */
function* history(n: number): Generator<LedgerEvent[]> {
  const setup: LedgerEvent[] = [];
  for (let m = 1; m <= MEMBERS; m++) {
    setup.push(ev("registry", "MemberRegistered", { memberId: m, name: `成员学校 ${m}`, kind: 0, region: "华东" }));
    setup.push(ev("registry", "MemberStatusChanged", { memberId: m, from: 1, to: 2, proposalId: 0 }));
    setup.push(ev("registry", "OperatorAdded", { memberId: m, account: account(m), by: ZeroAddress }));
    setup.push(ev("registry", "RoleGranted", { role: ROLE_IDS.council, account: account(m), sender: ZeroAddress }));
  }
  setup.push(
    ev("costLedger", "PeriodOpened", {
      periodId: 1,
      currency: "0x434e59",
      memberIds: Array.from({ length: MEMBERS }, (_, i) => i + 1),
      sharesBps: Array.from({ length: MEMBERS }, () => 10_000 / MEMBERS),
    }),
  );
  yield setup;
  const chunk = 5_000;
  for (let from = 0; from < n; from += chunk) {
    const events: LedgerEvent[] = [];
    for (let i = from; i < Math.min(n, from + chunk); i++) {
      const host = (i % MEMBERS) + 1;
      const courseId = i + 1;
      events.push(ev("catalog", "CoursePublished", { courseId, hostMemberId: host, code: id(`C${i}`) }));
      events.push(
        ev("catalog", "CourseVersionPublished", {
          courseId,
          version: 1,
          terms: { credits: 300, feePerCredit: 100, term: 20261, seats: 40 },
        }),
      );
      const proposalId = i + 1;
      events.push(
        ev("registry", "ProposalCreated", {
          proposalId,
          action: 1,
          memberId: host,
          proposer: account(host),
          expiresAt: 1_900_000_000,
        }),
      );
      events.push(ev("registry", "ProposalApproved", { proposalId, councillor: account(host), approvals: 1 }));
      const entryId = id(`entry ${i}`);
      events.push(
        ev("costLedger", "EntryClaimed", {
          entryId,
          periodId: 1,
          memberId: host,
          kind: i % 3,
          amount: 10_000 + i,
          reverses: ZeroHash,
          evidenceHash: ZeroHash,
        }),
      );
      events.push(ev("costLedger", "EntryConfirmed", { entryId, periodId: 1, memberId: host, by: account(99) }));
      events.push(
        ev("costLedger", "SettlementRecorded", {
          settlementId: i + 1,
          periodId: 1,
          payerId: host,
          payeeId: (host % MEMBERS) + 1,
          amount: 500,
          paymentRef: ZeroHash,
        }),
      );
      // The home school's students, in batches of 100; every other record already decided.
      if (i % 100 === 0)
        events.push(
          ev("creditLedger", "BatchAnchored", { root: rootOf(i), issuerId: 1, count: 100, anchoredBy: account(1) }),
        );
      if (i % 2 === 1)
        events.push(
          ev("creditLedger", "RecognitionDecided", {
            leaf: leafOf(i),
            homeId: HOME,
            issuerId: 1,
            batchRoot: rootOf(i),
            index: i % 100,
            decision: 1,
            recognisedCredits: 300,
            feeAccrued: 300,
            feePeriodId: 1,
          }),
        );
    }
    yield events;
  }
}
const rootOf = (i: number) => id(`batch ${Math.floor(i / 100)}`);
const leafOf = (i: number) => id(`leaf ${i}`);

/** The home school's records as this gateway holds them (the inbox joins them to the read model's states). */
async function outboxRows(db: Database, n: number): Promise<void> {
  const now = new Date().toISOString();
  for (let from = 0; from < n; from += 5_000) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(n, from + 5_000); i++)
      rows.push([
        `r${i}`,
        i,
        1,
        HOME,
        (i % 50) + 1,
        1,
        20261,
        300,
        `S-${i}`,
        "A",
        "2026-07-01",
        ZeroHash,
        ZeroHash,
        ZeroHash,
        leafOf(i),
        null,
        "anchored",
        rootOf(i),
        i % 100,
        now,
      ]);
    await db.transaction((tx) => insertRows(tx, "bench.outbox", "outbox_attestations", OUTBOX_COLUMNS, rows));
  }
}

async function timeRequests(url: string, key: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - start);
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `npm run bench -- reads`: the p50 latency of each list endpoint with 1,000 and with 100,000 indexed
 * records of its kind, in the same run (the read model filled through the indexer's own fold, SQLite by
 * default, DATABASE_URL's PostgreSQL when set). `worstRatio` is the largest p50(100k) / p50(1k).
 */
export async function benchReads(): Promise<BenchResult> {
  const chain = await startLocalAlliance(2);
  const dir = await mkdtemp(join(tmpdir(), "bench-reads-"));
  const results: Record<string, Record<number, number>> = {};
  const served: Array<{
    n: number;
    base: string;
    keys: Record<"secretariat" | "home", string>;
    close: () => Promise<void>;
  }> = [];
  try {
    for (const n of SIZES) {
      const { db, drop } = await freshDatabase(dir, `reads_${n}`);
      const filled = performance.now();
      position = 0;
      for (const events of history(n)) await db.transaction((tx) => applyLedgerEvents(tx, events));
      await outboxRows(db, n);
      // A running PostgreSQL has statistics (autovacuum analyses tables as they grow); a bulk load has none yet.
      if (db.dialect === "postgres") await db.query("bench.analyze", "ANALYZE");
      console.error(`indexed ${n} records of each kind in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
      const keys = {
        secretariat: (await createApiKey(db, { label: "bench", role: "secretariat" })).key,
        home: (await createApiKey(db, { label: "home", role: "member", memberId: HOME })).key,
      };
      const app = createServer({
        db,
        provider: chain.provider,
        reader: chain.reader,
        logger: pino({ level: "silent" }),
        rateLimitPerMinute: 1_000_000,
      });
      const server = app.listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const close = async () => {
        server.close();
        await drop();
      };
      served.push({ n, base, keys, close });
    }
    // Both sizes served side by side and sampled in turns, so neither gets a colder process or a busier moment.
    for (const [name, path, who] of ENDPOINTS) {
      const samples = new Map<number, number[]>(SIZES.map((n) => [n, []]));
      for (const s of served) await timeRequests(`${s.base}${path}`, s.keys[who], 20); // warm up
      for (let round = 0; round < SAMPLES / 20; round++)
        for (const s of served) samples.get(s.n)!.push(...(await timeRequests(`${s.base}${path}`, s.keys[who], 20)));
      results[name] = Object.fromEntries(SIZES.map((n) => [n, median(samples.get(n)!)]));
    }
  } finally {
    for (const s of served) await s.close();
    await chain.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const ratios = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v[SIZES[1]] / v[SIZES[0]]]));
  printTable("list endpoints, p50 ms", [
    ["endpoint", "1k", "100k", "ratio"],
    ...ENDPOINTS.map(([name]) => [
      name,
      results[name][SIZES[0]].toFixed(2),
      results[name][SIZES[1]].toFixed(2),
      ratios[name].toFixed(2),
    ]),
  ]);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    name: "reads",
    figures: {
      database: process.env.DATABASE_URL ? "postgres" : "sqlite",
      samples: SAMPLES,
      p50Ms: Object.fromEntries(
        Object.entries(results).map(([k, v]) => [k, { "1k": round(v[SIZES[0]]), "100k": round(v[SIZES[1]]) }]),
      ),
      ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, round(v)])),
      worstRatio: round(Math.max(...Object.values(ratios))),
    },
  };
}
