import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createAllianceClient } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { anchorPendingBatches, createApiKey, createServer, indexChain, type Database } from "@alliance-ledger/api";
import { createSqliteDatabase } from "../../api/src/db/sqliteDatabase.js";
import { migrate } from "../../api/src/db/migrate.js";
import { custodialSigners } from "../../api/src/testing/custodialSigners.js";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/alliance.mjs", import.meta.url));

let chain: LocalAlliance;
let db: Database;
let server: Server;
let url: string;
let dir: string;
let signers: Map<number, ReturnType<typeof createAllianceClient>>;
const keys: Record<string, string> = {};

/** Runs the CLI as `who` (its API key in ALLIANCE_API_KEY) against the test gateway, with --json. */
async function as(who: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [BIN, "--json", ...args, ...(args.includes("audit") || args.includes("verify") ? [] : ["--gateway", url])],
      {
        env: {
          ...process.env,
          ALLIANCE_API_KEY: keys[who] ?? "",
          ALLIANCE_AUDITOR_KEY: devWallet(9, chain.provider).privateKey,
        },
      },
    );
    return { code: 0, out: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, out: undefined, stdout: error.stdout, stderr: error.stderr };
  }
}

beforeAll(async () => {
  chain = await startLocalAlliance(3);
  db = createSqliteDatabase(":memory:");
  await migrate(db);
  signers = custodialSigners(chain);
  server = createServer({
    db,
    provider: chain.provider,
    reader: chain.reader,
    signers,
    logger: pino({ level: "silent" }),
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
  keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
  for (const m of [1, 2, 3])
    keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
  dir = await mkdtemp(join(tmpdir(), "cli-gateway-"));
  await writeFile(join(dir, "deployment.json"), JSON.stringify({ addresses: chain.reader.addresses }));
}, 120_000);
afterAll(async () => {
  server?.close();
  await db?.close();
  await chain?.stop();
});

describe("the CLI for the secretariat, registrars and auditors", () => {
  it("runs a term end to end: membership, catalogue, attestations, recognition, contributions, close, settle, export and audit", async () => {
    // Secretariat and council: register and admit a school; errors say what to fix, with exit codes.
    const applicant = Wallet.createRandom().address;
    expect(
      (
        await as(
          "secretariat",
          "members",
          "register",
          "--name",
          "Hebei Vocational College",
          "--kind",
          "college",
          "--region",
          "Hebei",
          "--operator",
          applicant,
        )
      ).code,
    ).toBe(2);
    const registered = await as(
      "secretariat",
      "members",
      "register",
      "--name",
      "Hebei Vocational College",
      "--kind",
      "vocationalCollege",
      "--region",
      "Hebei",
      "--operator",
      applicant,
    );
    expect(registered.out.memberId).toBe(4);
    expect((await as("secretariat", "members", "admit", "4")).out.executed).toBe(true);
    const refused = await as("secretariat", "members", "admit", "4");
    expect(refused.code).toBe(4); // the ledger's rules refuse admitting an active member
    expect(refused.stderr).toMatch(/^Registry\w+:/);
    expect((await as("m1", "members", "admit", "4")).code).toBe(4); // not a councillor
    expect(
      (await as("auditor", "members", "list", "--status", "active")).out.items.map(
        (m: { memberId: number }) => m.memberId,
      ),
    ).toEqual([1, 2, 3, 4]);
    expect((await as("nobody", "members", "list")).code).toBe(2); // no API key
    const newKey = Wallet.createRandom().address;
    expect((await as("m1", "members", "rotate-key", "1")).code).toBe(2);
    expect((await as("m2", "members", "rotate-key", "1", "--add", newKey)).code).toBe(2); // another school's keys
    expect((await as("m1", "members", "rotate-key", "1", "--add", newKey)).code).toBe(0);
    expect((await chain.reader.registry.operatorKey(newKey)).memberId).toBe(1n);
    // The secretariat may not add a key to a school; the council may, for a school that lost its keys.
    const recovered = Wallet.createRandom().address;
    expect((await as("secretariat", "members", "rotate-key", "4", "--add", recovered)).code).toBe(2);
    expect((await as("secretariat", "members", "recover-key", "4", "--key", recovered)).out.executed).toBe(true);
    expect((await chain.reader.registry.operatorKey(recovered)).memberId).toBe(4n);
    // Roles change by council decision only.
    const auditor2 = Wallet.createRandom().address;
    expect((await as("secretariat", "roles", "grant", "dean", auditor2)).code).toBe(2);
    expect((await as("secretariat", "roles", "grant", "auditor", auditor2)).out.executed).toBe(true);
    expect((await as("secretariat", "roles", "grant", "auditor", auditor2)).code).toBe(4); // RegistryRoleUnchanged
    expect((await as("m1", "roles", "revoke", "auditor", auditor2)).code).toBe(4); // not a councillor
    expect(
      (await as("auditor", "proposals", "list")).out.items.find((p: { action: string }) => p.action === "grantRole"),
    ).toMatchObject({ role: "auditor", account: auditor2, executed: true });

    // Catalogue: a host publishes, the evaluation committee certifies.
    await writeFile(join(dir, "evaluation.txt"), "Evaluation committee report: meets the alliance standard.");
    const course = await as(
      "m1",
      "courses",
      "publish",
      "--code",
      "BIT-AI",
      "--title",
      "Applied AI",
      "--credits",
      "2",
      "--hours",
      "32",
      "--fee",
      "5000",
      "--term",
      "20262",
      "--seats",
      "40",
    );
    expect(course.out.courseId).toBe(1);
    expect(
      (
        await as(
          "m1",
          "courses",
          "publish",
          "--code",
          "X",
          "--title",
          "X",
          "--credits",
          "2.555",
          "--hours",
          "1",
          "--fee",
          "1",
          "--term",
          "1",
          "--seats",
          "1",
        )
      ).code,
    ).toBe(2);
    expect((await as("secretariat", "courses", "certify", "1", "--report", join(dir, "evaluation.txt"))).code).toBe(0);
    expect((await as("m3", "courses", "list", "--certified")).out.items).toEqual([
      expect.objectContaining({ courseId: 1, code: "BIT-AI", tier: "certified", credits: 2 }),
    ]);

    // The secretariat opens the period; a registrar attests; the home school decides from its inbox.
    expect((await as("secretariat", "periods", "open", "--shares", "1:4000,2:3000,3:2000")).code).toBe(2); // 9000 bps
    const period = await as("secretariat", "periods", "open", "--shares", "1:4000,2:3000,3:2000,4:1000");
    expect(period.out.periodId).toBe(1);
    const header = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
    await writeFile(
      join(dir, "roster.csv"),
      `${[header, "2,1,1,20262,2,HB-001,A,2026-12-20", "2,1,1,20262,1.5,HB-002,B,2026-12-20"].join("\n")}\n`,
    );
    expect((await as("m1", "attest", join(dir, "roster.csv"))).out.accepted).toBe(2);
    const [anchored] = (await anchorPendingBatches({ db, signers })).anchored;
    const handed = await as("m1", "credentials", anchored.root, "--out", join(dir, "to-students"));
    expect(handed.out.files.map((f: string) => f.split("/").pop()).sort()).toEqual([
      `HB-001-${anchored.root.slice(2, 10)}.json`,
      `HB-002-${anchored.root.slice(2, 10)}.json`,
    ]);
    const verified = await as(
      "m3",
      "--rpc",
      chain.node.url,
      "verify",
      "--deployment",
      join(dir, "deployment.json"),
      handed.out.files[0],
    );
    expect(verified.code, verified.stdout ?? verified.stderr).toBe(0);
    expect((await as("m2", "credentials", anchored.root, "--out", join(dir, "x"))).code).toBe(2); // not its batch
    const inbox = (await as("m2", "recognise", "inbox", "--issuer", "1")).out.items as Array<{
      id: string;
      studentRef: string;
    }>;
    expect(inbox.map((i) => i.studentRef).sort()).toEqual(["HB-001", "HB-002"]);
    expect(inbox.map((i) => (i as unknown as { credits: number }).credits).sort()).toEqual([1.5, 2]); // as on the transcript, as submitted
    expect((await as("m2", "recognise", "accept", ...inbox.map((i) => i.id))).out.decided).toBe(2);
    expect((await as("m2", "recognise", "inbox")).out).toEqual({ total: 0, items: [] });

    // Contributions: claim with evidence, confirm; a member cannot confirm.
    await writeFile(join(dir, "receipt.pdf"), "bank receipt 2026-11");
    expect(
      (
        await as(
          "m1",
          "contributions",
          "claim",
          "--kind",
          "cash",
          "--reference",
          "A-1",
          "--period",
          "1",
          "--evidence",
          join(dir, "receipt.pdf"),
        )
      ).code,
    ).toBe(2); // no --amount
    const claim = await as(
      "m1",
      "contributions",
      "claim",
      "--kind",
      "cash",
      "--amount",
      "1000000",
      "--reference",
      "A-1",
      "--period",
      "1",
      "--evidence",
      join(dir, "receipt.pdf"),
    );
    const [claimed] = await chain.reader.costLedger.queryFilter(
      chain.reader.costLedger.filters.EntryClaimed(claim.out.entryId),
    );
    expect(claimed.args.evidenceHash).toBe(`0x${createHash("sha256").update("bank receipt 2026-11").digest("hex")}`);
    expect((await chain.reader.costLedger.entry(claim.out.entryId)).amount).toBe(1_000_000n);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    const queue = (await as("secretariat", "contributions", "list", "--pending")).out;
    expect(queue.items).toEqual([
      expect.objectContaining({
        entryId: claim.out.entryId,
        memberId: 1,
        amount: "1000000",
        status: "claimed",
        reference: "A-1",
      }),
    ]);
    expect((await as("m2", "contributions", "confirm", claim.out.entryId)).code).toBe(2);
    expect((await as("secretariat", "contributions", "confirm", claim.out.entryId)).code).toBe(0);

    // Reconcile, close with the report written out (its SHA-256 is on chain), settle.
    const preview = (await as("m3", "periods", "reconcile", "1")).out;
    const net = (id: number) => BigInt(preview.members.find((m: { memberId: number }) => m.memberId === id).net);
    expect([1, 2, 3, 4].reduce((s, id) => s + net(id), 0n)).toBe(0n); // the books balance to the minor unit
    const closed = (await as("secretariat", "periods", "close", "1", "--out", join(dir, "period-1.json"))).out;
    expect(closed.settlements).toEqual(preview.settlements);
    expect(
      "0x" +
        createHash("sha256")
          .update(await readFile(join(dir, "period-1.json")))
          .digest("hex"),
    ).toBe((await chain.reader.costLedger.period(1)).reportHash);
    const [first] = closed.settlements as Array<{ payerId: number; payeeId: number; amount: string }>;
    const paid = await as(
      `m${first.payerId}`,
      "settlements",
      "record",
      "--period",
      "1",
      "--payee",
      String(first.payeeId),
      "--amount",
      first.amount,
      "--reference",
      "ICBC-0001",
    );
    expect((await as(`m${first.payeeId}`, "settlements", "confirm", paid.out.settlementId)).code).toBe(0);
    expect((await chain.reader.costLedger.settlement(BigInt(paid.out.settlementId))).confirmed).toBe(true);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await as("secretariat", "settlements", "list", "--period", "1")).out.items).toEqual([
      expect.objectContaining({ settlementId: paid.out.settlementId, amount: first.amount, confirmed: true }),
    ]);

    // The auditor exports the gateway's books and audits them against the chain.
    expect((await as("m1", "export", "--out", join(dir, "x.json"))).code).toBe(2);
    const exported = (await as("auditor", "export", "--out", join(dir, "audit-export.json"))).out;
    expect(exported).toMatchObject({ attestations: 2, batches: 1, costEntries: 1, reports: 1 });
    const audit = await as(
      "auditor",
      "--rpc",
      chain.node.url,
      "audit",
      "--deployment",
      join(dir, "deployment.json"),
      "--export",
      join(dir, "audit-export.json"),
      "--out",
      join(dir, "evidence"),
    );
    expect(audit.code, audit.stderr).toBe(0);
  }, 300_000);

  it("exits 3 with advice when the gateway is down", async () => {
    const r = await run(process.execPath, [BIN, "courses", "list", "--gateway", "http://127.0.0.1:9"], {
      env: { ...process.env, ALLIANCE_API_KEY: "al_x" },
    }).catch((e) => e);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("cannot reach the gateway");
  });
});
