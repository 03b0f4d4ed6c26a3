import { execFileSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
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
 * A network partition of one home school's gateway during a 1,000-record term. Schools B and C run
 * their gateways in their own network namespaces (iproute2, as root), linked to the host by veth pairs;
 * the issuer A and the node stay on the host. B's link is taken down for two of the term's four
 * rosters: A's anchoring never waits for it, C keeps receiving, and after the link comes back every home
 * school has exactly its own records.
 */
const ROSTERS = 4;
const PER_ROSTER = 250;
const PASSPHRASE = "federation-partition-passphrase";
const NS = { 2: "alfed-b", 3: "alfed-c" } as const;
const HOST_IP = { 2: "10.231.1.1", 3: "10.231.2.1" } as const;
const NS_IP = { 2: "10.231.1.2", 3: "10.231.2.2" } as const;
const LINK = { 2: "alfedb0", 3: "alfedc0" } as const;

let chain: LocalAlliance;
let issuer: {
  db: Database;
  server: Server;
  signers: Map<number, AllianceClient>;
  app: ReturnType<typeof createServer>;
};
let registrar: string;
const homes: Record<2 | 3, { dir: string; child?: ChildProcess }> = {} as never;

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
const quietly = (f: () => unknown) => {
  try {
    f();
  } catch {
    // already gone
  }
};

function teardownNetwork() {
  for (const m of [2, 3] as const) {
    quietly(() => ip("link", "del", LINK[m]));
    quietly(() => ip("netns", "del", NS[m]));
  }
}

/** Each home school's namespace, its veth pair, and a default route back through the host. */
function setupNetwork() {
  teardownNetwork();
  execFileSync("sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
  for (const m of [2, 3] as const) {
    ip("netns", "add", NS[m]);
    ip("link", "add", LINK[m], "type", "veth", "peer", "name", `${LINK[m]}p`);
    ip("link", "set", `${LINK[m]}p`, "netns", NS[m]);
    ip("addr", "add", `${HOST_IP[m]}/24`, "dev", LINK[m]);
    ip("link", "set", LINK[m], "up");
    ip("netns", "exec", NS[m], "ip", "addr", "add", `${NS_IP[m]}/24`, "dev", `${LINK[m]}p`);
    ip("netns", "exec", NS[m], "ip", "link", "set", `${LINK[m]}p`, "up");
    ip("netns", "exec", NS[m], "ip", "link", "set", "lo", "up");
    ip("netns", "exec", NS[m], "ip", "route", "add", "default", "via", HOST_IP[m]);
  }
}

const startHome = (memberId: 2 | 3) =>
  startGatewayProcess(
    {
      ALLIANCE_DATA_DIR: homes[memberId].dir,
      ALLIANCE_API_HOST: NS_IP[memberId],
      ALLIANCE_API_PORT: "3000",
      ALLIANCE_PUBLIC_URL: `http://${NS_IP[memberId]}:3000`,
      ALLIANCE_RPC_URL: `http://${HOST_IP[memberId]}:${chain.node.port}`,
      ALLIANCE_KEY_PASSPHRASE: PASSPHRASE,
      ALLIANCE_FEDERATION: "on",
    },
    NS[memberId],
  );

/** What a home school's gateway has stored, by home school. */
const stored = (memberId: 2 | 3) => receivedByHome(homes[memberId].dir);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => Promise<boolean>, ms = 240_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function roster(n: number) {
  const records = Array.from({ length: PER_ROSTER }, (_, i) => ({
    homeId: i % 2 === 0 ? 2 : 3,
    courseId: 1,
    term: 20262,
    credits: "2",
    studentRef: `R${n}-${String(i).padStart(4, "0")}`,
    grade: "B",
    completionDate: "2026-12-20",
  }));
  await request(issuer.app)
    .post("/attestations")
    .set({ authorization: `Bearer ${registrar}`, "idempotency-key": `roster-${n}` })
    .send({ records })
    .expect(202);
  const started = Date.now();
  const { anchored } = await anchorPendingBatches({ db: issuer.db, signers: issuer.signers });
  return { anchored: anchored.length, ms: Date.now() - started };
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error("the partition test makes network namespaces: run it as root");
  setupNetwork();
  chain = await startLocalAlliance(3, { host: "0.0.0.0" });
  await publishCourse(chain.members[0], {
    code: "FED-NET",
    terms: { metadata: "x", credits: 200, contactHours: 32, feePerCredit: 0n, term: 20262, seats: 10_000 },
  });
  const dir = await mkdtemp(join(tmpdir(), "federation-net-a-"));
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
  const server = app.listen(0, "0.0.0.0");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  // Reachable from both namespaces: the host answers on each veth address, and routes between them.
  await publishGateways({
    db,
    reader: chain.reader,
    signers,
    publicUrl: `http://${HOST_IP[2]}:${port}`,
    passphrase: PASSPHRASE,
  });
  issuer = { db, server, signers, app };
  registrar = (await createApiKey(db, { label: "registrar", role: "member", memberId: 1 })).key;

  for (const m of [2, 3] as const) {
    homes[m] = { dir: await mkdtemp(join(tmpdir(), `federation-net-${m}-`)) };
    await writeFile(join(homes[m].dir, "deployment.json"), JSON.stringify({ addresses: chain.reader.addresses }));
    const homeDb = await createDatabase({ sqlitePath: join(homes[m].dir, "gateway.sqlite") });
    await storeCustodialKey(homeDb, {
      memberId: m,
      passphrase: PASSPHRASE,
      privateKey: devWallet(m, chain.provider).privateKey,
      scryptN: 1 << 10,
    });
    await homeDb.close();
    homes[m].child = await startHome(m);
  }
}, 300_000);
afterAll(async () => {
  for (const m of [2, 3] as const) await kill9(homes[m]?.child);
  issuer?.server.close();
  await issuer?.db.close();
  await chain?.stop();
  teardownNetwork();
});

describe("a network partition of one home school's gateway during a 1,000-record term", () => {
  it("never stalls anchoring, and after healing every home school has exactly its own records", async () => {
    const perHome = (rosters: number) => (rosters * PER_ROSTER) / 2;
    expect((await roster(1)).anchored).toBe(1);
    await until("the first roster at both home schools", async () => {
      const [b, c] = [await stored(2), await stored(3)];
      return b.get(2) === perHome(1) && c.get(3) === perHome(1);
    });

    ip("link", "set", LINK[2], "down"); // B is cut off: from the node and from A
    for (const n of [2, 3]) expect((await roster(n)).anchored, `roster ${n} anchored while B is cut off`).toBe(1);
    await until("C receiving while B is cut off", async () => (await stored(3)).get(3) === perHome(3));
    expect((await stored(2)).get(2)).toBe(perHome(1));

    ip("link", "set", LINK[2], "up");
    expect((await roster(4)).anchored).toBe(1);
    await until("every record at its home school", async () => {
      const [b, c] = [await stored(2), await stored(3)];
      return b.get(2) === perHome(ROSTERS) && c.get(3) === perHome(ROSTERS);
    });
    // Exactly its own: no school holds another's students.
    expect([...(await stored(2)).keys()]).toEqual([2]);
    expect([...(await stored(3)).keys()]).toEqual([3]);
  });
});
