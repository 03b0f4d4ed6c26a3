import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AllianceClient, publishCourse } from "@alliance-ledger/sdk";
import { devWallet, type LocalAlliance, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import {
  anchorPendingBatches,
  createApiKey,
  createDatabase,
  createServer,
  type Database,
  storeCustodialKey,
} from "@alliance-ledger/api";
import { publishGateways } from "../../packages/api/src/federation/startFederation.js";
import { kill9, receivedByHome, startGatewayProcess } from "./helpers/gatewayProcess.js";

/**
 * kill -9 of a home school's gateway (its own process, federation on) five times while it imports a
 * 1,000-record batch from the issuer's gateway: after the last restart every record is there exactly
 * once, and all of them are in its inbox.
 */
const RECORDS = 1_000;
const KILLS = 5;
const PASSPHRASE = "federation-crash-passphrase";

let chain: LocalAlliance;
let issuer: { db: Database; server: Server; signers: Map<number, AllianceClient> };
let home: { dir: string; port: number; key: string; child?: ChildProcess };

const freePort = async () => {
  const probe = createHttpServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = (probe.address() as { port: number }).port;
  probe.close();
  return port;
};

const startHome = () =>
  startGatewayProcess({
    ALLIANCE_DATA_DIR: home.dir,
    ALLIANCE_API_PORT: String(home.port),
    ALLIANCE_PUBLIC_URL: `http://127.0.0.1:${home.port}`,
    ALLIANCE_RPC_URL: chain.node.url,
    ALLIANCE_KEY_PASSPHRASE: PASSPHRASE,
    ALLIANCE_FEDERATION: "on",
  });

/** Rows the home gateway has stored so far. */
const received = async () => [...(await receivedByHome(home.dir)).values()].reduce((a, b) => a + b, 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  chain = await startLocalAlliance(2);
  await publishCourse(chain.members[0], {
    code: "FED-CRASH",
    terms: { metadata: "x", credits: 200, contactHours: 32, feePerCredit: 0n, term: 20262, seats: 10_000 },
  });
  // The issuer's gateway, in this process: member 1's key only.
  const dir = await mkdtemp(join(tmpdir(), "federation-issuer-"));
  const db = await createDatabase({ sqlitePath: join(dir, "gateway.sqlite") });
  const signers = new Map<number, AllianceClient>([[1, chain.members[0]]]);
  const app = createServer({
    db,
    provider: chain.provider,
    reader: chain.reader,
    signers,
    logger: pino({ level: "silent" }),
    keyPassphrase: PASSPHRASE,
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await publishGateways({ db, reader: chain.reader, signers, publicUrl: url, passphrase: PASSPHRASE });
  issuer = { db, server, signers };
  const registrar = (await createApiKey(db, { label: "registrar", role: "member", memberId: 1 })).key;
  const records = Array.from({ length: RECORDS }, (_, i) => ({
    homeId: 2,
    courseId: 1,
    term: 20262,
    credits: "2",
    studentRef: `HB-${String(i).padStart(5, "0")}`,
    grade: "A",
    completionDate: "2026-12-20",
  }));
  await request(app)
    .post("/attestations")
    .set({ authorization: `Bearer ${registrar}`, "idempotency-key": "crash-roster" })
    .send({ records })
    .expect(202);
  expect((await anchorPendingBatches({ db, signers })).anchored).toHaveLength(1);

  // The home school's gateway: its own data directory, database and custodial key.
  home = { dir: await mkdtemp(join(tmpdir(), "federation-home-")), port: await freePort(), key: "" };
  await writeFile(join(home.dir, "deployment.json"), JSON.stringify({ addresses: chain.reader.addresses }));
  const homeDb = await createDatabase({ sqlitePath: join(home.dir, "gateway.sqlite") });
  await storeCustodialKey(homeDb, {
    memberId: 2,
    passphrase: PASSPHRASE,
    privateKey: devWallet(2, chain.provider).privateKey,
    scryptN: 1 << 10,
  });
  home.key = (await createApiKey(homeDb, { label: "home", role: "member", memberId: 2 })).key;
  await homeDb.close();
}, 300_000);
afterAll(async () => {
  await kill9(home?.child);
  issuer?.server.close();
  await issuer?.db.close();
  await chain?.stop();
});

describe("kill -9 of the home school's gateway during an import", () => {
  it("leaves, after five kills and a restart, every record exactly once and nothing missing", async () => {
    let kills = 0;
    let last = 0;
    const progress: number[] = [];
    while (kills < KILLS) {
      home.child = await startHome();
      // Kill once the import has moved on since the last restart, part way through.
      for (;;) {
        const now = await received();
        if (now === RECORDS) break;
        if (now > last) {
          await sleep(Math.floor(Math.random() * 400));
          break;
        }
        await sleep(50);
      }
      await kill9(home.child);
      const now = await received();
      if (now === RECORDS) break;
      progress.push(now);
      last = now;
      kills++;
    }
    // Five kills, each with part of the batch stored and part still to come.
    expect(kills).toBe(KILLS);
    expect(progress.every((n, i) => n > 0 && n < RECORDS && (i === 0 || n >= progress[i - 1]))).toBe(true);
    home.child = await startHome();
    const deadline = Date.now() + 240_000;
    while ((await received()) < RECORDS && Date.now() < deadline) await sleep(200);
    expect(await received()).toBe(RECORDS);
    const inbox = await fetch(`http://127.0.0.1:${home.port}/recognitions/inbox?limit=1`, {
      headers: { authorization: `Bearer ${home.key}` },
    });
    expect(((await inbox.json()) as { total: number; totalExact: boolean }).total).toBe(RECORDS);
    const status = await fetch(`http://127.0.0.1:${home.port}/federation/inbound`, {
      headers: { authorization: `Bearer ${home.key}` },
    });
    expect(((await status.json()) as { items: Array<{ status: string }> }).items.map((b) => b.status)).toEqual([
      "delivered",
    ]);
  });
});
