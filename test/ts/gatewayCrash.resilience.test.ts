import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createDatabase, storeCustodialKey } from "@alliance-ledger/api";
import { parseCredentialFile, publishCourse, verifyCredential } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";

/**
 * kill -9 of the gateway at random points during a 10,000-record bulk submission, 10 times: after the
 * last restart every accepted record is anchored exactly once and its credential verifies.
 */
const RECORDS = 10_000;
const CHUNK = 250;
const KILLS = 10;
const PASSPHRASE = "crash-test-passphrase";

let chain: LocalAlliance;
let dataDir: string;
let apiKey: string;
let gateway: { child: ChildProcess; url: string } | undefined;

function startGateway(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn("npx", ["tsx", "--conditions=@alliance-ledger/source", "packages/api/src/main.ts"], {
    env: {
      ...process.env,
      ALLIANCE_DATA_DIR: dataDir,
      ALLIANCE_API_PORT: "0",
      ALLIANCE_RPC_URL: chain.node.url,
      ALLIANCE_KEY_PASSPHRASE: PASSPHRASE,
      ALLIANCE_BATCH_INTERVAL_MS: "200",
      ALLIANCE_BATCH_MAX: "1500",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /gateway listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`gateway exited (${code}):\n${output}`)));
  });
}

function kill9(g: { child: ChildProcess }): Promise<void> {
  return new Promise((resolve) => {
    if (g.child.exitCode !== null || g.child.signalCode !== null) return resolve();
    g.child.once("exit", () => resolve());
    process.kill(-g.child.pid!, "SIGKILL");
  });
}

beforeAll(async () => {
  chain = await startLocalAlliance(2);
  await publishCourse(chain.members[0], {
    code: "CRASH",
    terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 1n, term: 20261, seats: 10_000 },
  });
  dataDir = await mkdtemp(join(tmpdir(), "gateway-crash-"));
  await writeFile(join(dataDir, "deployment.json"), JSON.stringify({ addresses: chain.reader.addresses }));
  const db = await createDatabase({ sqlitePath: join(dataDir, "gateway.sqlite") });
  await storeCustodialKey(db, {
    memberId: 1,
    passphrase: PASSPHRASE,
    privateKey: devWallet(1, chain.provider).privateKey,
    scryptN: 1 << 10,
  });
  apiKey = (await createApiKey(db, { label: "registrar", role: "member", memberId: 1 })).key;
  await db.close();
}, 180_000);
afterAll(async () => {
  if (gateway) await kill9(gateway);
  await chain?.stop();
});

describe("gateway crash safety", () => {
  it("anchors every accepted record exactly once across 10 kill -9s", async () => {
    const chunks = Math.ceil(RECORDS / CHUNK);
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(1 + Math.floor(Math.random() * (chunks - 2)));
    const accepted = new Set<string>();
    let kills = 0;
    gateway = await startGateway();

    for (let i = 0; i < chunks; i++) {
      const records = Array.from({ length: CHUNK }, (_, j) => ({
        homeId: 2,
        courseId: 1,
        term: 20261,
        credits: 3,
        studentRef: `S-${i}-${j}`,
        grade: "A",
        completionDate: "2026-07-01",
      }));
      for (let attempt = 0; ; attempt++) {
        const submit = fetch(`${gateway.url}/attestations`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${apiKey}`,
            "idempotency-key": `bulk-${i}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ records }),
        });
        if (attempt === 0 && killAt.has(i)) {
          // Die at a random moment: before, during or just after this request is handled.
          setTimeout(() => void kill9(gateway!), Math.floor(Math.random() * 60));
        }
        const response = await submit.catch(() => undefined);
        if (response?.status === 202) {
          const { ids } = (await response.json()) as { ids: string[] };
          for (const id of ids) accepted.add(id);
          if (attempt === 0 && killAt.has(i)) {
            await new Promise((r) => setTimeout(r, 80)); // let the scheduled kill land
          }
        }
        if (gateway.child.exitCode !== null || gateway.child.signalCode !== null) {
          kills += 1;
          gateway = await startGateway();
        }
        if (response?.status === 202) break;
        // A client retries with backoff: the process may still be dying when the first retries go out.
        expect(
          attempt,
          `chunk ${i} kept failing: ${response?.status} ${response ? await response.text() : "no answer"}`,
        ).toBeLessThan(20);
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(accepted.size).toBe(RECORDS);

    // Everything accepted ends up anchored, each batch root exactly once on chain.
    const db = await createDatabase({ sqlitePath: join(dataDir, "gateway.sqlite") });
    for (let waited = 0; ; waited += 250) {
      const [{ n }] = await db.query<{ n: number }>(
        "t",
        "SELECT COUNT(*) AS n FROM outbox_attestations WHERE status <> 'anchored'",
      );
      if (Number(n) === 0) break;
      expect(waited, `${n} records still not anchored`).toBeLessThan(60_000);
      await new Promise((r) => setTimeout(r, 250));
    }
    const [{ n: rows }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations");
    expect(Number(rows)).toBe(RECORDS);
    const batches = await db.query<{ root: string; count: number }>("t", "SELECT root, count FROM outbox_batches");
    expect(batches.reduce((s, b) => s + Number(b.count), 0)).toBe(RECORDS);
    const anchoredLogs = await chain.reader.creditLedger.queryFilter(chain.reader.creditLedger.filters.BatchAnchored());
    const perRoot = new Map<string, number>();
    for (const log of anchoredLogs) perRoot.set(log.args.root, (perRoot.get(log.args.root) ?? 0) + 1);
    for (const b of batches) expect(perRoot.get(b.root), `batch ${b.root}`).toBe(1);
    await db.close();

    // And the records verify: a sample across the whole submission.
    const ids = [...accepted];
    for (let k = 0; k < 10; k++) {
      const id = ids[Math.floor((k * ids.length) / 10)];
      const file = await fetch(`${gateway.url}/attestations/${id}/credential`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(file.status).toBe(200);
      expect(
        (
          await verifyCredential(parseCredentialFile(await file.text()), chain.provider, {
            chainId: 31337,
            creditLedger: chain.reader.addresses.creditLedger,
          })
        ).valid,
      ).toBe(true);
    }
  }, 300_000);
});
