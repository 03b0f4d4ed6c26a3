import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anchorBatch,
  buildAttestationTree,
  issueCredentialFiles,
  publishCourse,
  sealAttestation,
  serializeAuditExport,
} from "@alliance-ledger/sdk";
import { devWallet, simulateTerm, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/alliance.mjs", import.meta.url));

/** Runs the CLI as a user would; resolves with its exit code and output instead of throwing. */
async function alliance(...args: string[]) {
  return allianceWith({}, ...args);
}

async function allianceWith(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ALLIANCE_AUDITOR_KEY: devWallet(9, chain.provider).privateKey, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

let chain: LocalAlliance;
let dir: string;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  dir = await mkdtemp(join(tmpdir(), "cli-"));
  const [host] = chain.members;
  await publishCourse(host, {
    code: "X1",
    terms: { metadata: "x", credits: 100, contactHours: 16, feePerCredit: 1n, term: 20261, seats: 9 },
  });
  const sealed = [
    sealAttestation({
      issuerId: 1,
      homeId: 2,
      courseId: 1,
      courseVersion: 1,
      term: 20261,
      credits: 100,
      studentRef: "S1",
      grade: "A",
      completionDate: "2026-07-01",
    }),
  ];
  const tree = buildAttestationTree(sealed.map((s) => s.attestation));
  await anchorBatch(host, { root: tree.root, count: 1 });
  const [file] = issueCredentialFiles({
    tree,
    sealed,
    chainId: 31337,
    creditLedger: chain.secretariat.addresses.creditLedger,
  });
  await writeFile(join(dir, "good.json"), JSON.stringify(file));
  await writeFile(
    join(dir, "altered.json"),
    JSON.stringify({ ...file, attestation: { ...file.attestation, credits: 900 } }),
  );
  await writeFile(join(dir, "broken.json"), JSON.stringify({ ...file, version: 7 }));
  await writeFile(
    join(dir, "foreign.json"),
    JSON.stringify({ ...file, creditLedger: chain.secretariat.addresses.registry }),
  );
  await writeFile(join(dir, "deployment.json"), JSON.stringify({ addresses: chain.secretariat.addresses }));
  const exported = await simulateTerm(chain, { batches: 1, perBatch: 4, recognitions: 2, costEntries: 6 });
  // The first batch (anchored above) is part of the chain too.
  exported.attestations.push({
    recordId: "S1",
    batchRoot: file.batchRoot,
    proof: file.proof,
    attestation: file.attestation,
  });
  await writeFile(join(dir, "export.json"), serializeAuditExport(exported));
}, 180_000);
afterAll(async () => chain?.stop());

/** Each test starts the CLI one to three times (about 1 s each, 2.5 s on a busy 2-core machine): vitest's 5 s default is too tight. */
const SPAWN_TIMEOUT = 120_000;

describe("alliance verify", () => {
  it(
    "exits 0 for a valid credential and prints every check",
    async () => {
      const r = await alliance(
        "--rpc",
        chain.node.url,
        "verify",
        "--deployment",
        join(dir, "deployment.json"),
        join(dir, "good.json"),
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/ok\s+issuerStanding/);
      expect(r.stdout).toMatch(/valid credential/);
    },
    SPAWN_TIMEOUT,
  );

  it(
    "exits 1 for an altered credential and names the failed check",
    async () => {
      const r = await alliance(
        "--rpc",
        chain.node.url,
        "--json",
        "verify",
        "--deployment",
        join(dir, "deployment.json"),
        join(dir, "altered.json"),
      );
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === "proof").outcome).toBe("fail");
    },
    SPAWN_TIMEOUT,
  );

  it("exits 1 for a credential naming another ledger than the alliance's deployment", async () => {
    const r = await alliance(
      "--rpc",
      chain.node.url,
      "--json",
      "verify",
      "--deployment",
      join(dir, "deployment.json"),
      join(dir, "foreign.json"),
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === "deployment")).toMatchObject({
      outcome: "fail",
      reason: expect.stringContaining("not issued on this alliance's ledger"),
    });
    const flagged = await alliance(
      "--rpc",
      chain.node.url,
      "verify",
      "--credit-ledger",
      chain.secretariat.addresses.creditLedger,
      join(dir, "foreign.json"),
    );
    expect(flagged.code).toBe(1);
  });

  it(
    "exits 2 for a file that is not a credential, or missing, and 3 when the node is down",
    async () => {
      const broken = await alliance(
        "--rpc",
        chain.node.url,
        "verify",
        "--deployment",
        join(dir, "deployment.json"),
        join(dir, "broken.json"),
      );
      expect([broken.code, broken.stderr]).toEqual([2, expect.stringContaining("/version")]);
      expect((await alliance("verify", join(dir, "nope.json"))).code).toBe(2);
      const down = await alliance(
        "--rpc",
        "http://127.0.0.1:9",
        "verify",
        "--deployment",
        join(dir, "deployment.json"),
        join(dir, "good.json"),
      );
      expect([down.code, down.stderr]).toEqual([3, expect.stringContaining("npm start")]);
      // With --json the failure is one JSON object on stderr, with the same exit code.
      const downJson = await alliance(
        "--json",
        "--rpc",
        "http://127.0.0.1:9",
        "verify",
        "--deployment",
        join(dir, "deployment.json"),
        join(dir, "good.json"),
      );
      expect(downJson.code).toBe(3);
      expect(JSON.parse(downJson.stderr).error).toMatchObject({
        code: "chain_unreachable",
        details: [{ rpc: "http://127.0.0.1:9" }],
      });
    },
    SPAWN_TIMEOUT,
  );
});

describe("alliance audit", () => {
  it(
    "audits the chain and the export, writing a signed evidence package",
    async () => {
      const out = join(dir, "evidence");
      const r = await alliance(
        "--rpc",
        chain.node.url,
        "audit",
        "--deployment",
        join(dir, "deployment.json"),
        "--export",
        join(dir, "export.json"),
        "--out",
        out,
      );
      expect(r.stdout).toMatch(/no discrepancies/);
      expect(r.code).toBe(0);
    },
    SPAWN_TIMEOUT,
  );
});

describe("alliance network generate", () => {
  it(
    "writes a Besu network, and refuses a bad validator count",
    async () => {
      const out = join(dir, "besu");
      const r = await alliance("--json", "network", "generate", "--validators", "4", "--out", out);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).nodes).toHaveLength(4);
      const bad = await alliance("network", "generate", "--validators", "zero", "--out", out);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("positive whole number")]);
      // commander's own usage errors exit 2 like the CLI's, and are JSON with --json.
      const missing = await alliance("--json", "network", "generate", "--out", out);
      expect(missing.code).toBe(2);
      expect(JSON.parse(missing.stderr)).toEqual({
        error: { code: "invalid_usage", message: "required option '--validators <n>' not specified", details: [] },
      });
    },
    SPAWN_TIMEOUT,
  );
});

describe("alliance attest", () => {
  it("submits a CSV roster through the gateway with progress, idempotently, and names bad lines", async () => {
    const { createApiKey, createServer } = await import("@alliance-ledger/api");
    const { createSqliteDatabase } = await import("../../api/src/db/sqliteDatabase.js");
    const { migrate } = await import("../../api/src/db/migrate.js");
    const pino = (await import("pino")).default;
    const db = createSqliteDatabase(":memory:");
    await migrate(db);
    const server = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      logger: pino({ level: "silent" }),
    }).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const key = (await createApiKey(db, { label: "registrar", role: "member", memberId: 1 })).key;
    try {
      const header = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
      const rows = Array.from({ length: 2_500 }, (_, i) => `2,1,1,20261,1,R-${i},A,2026-07-01`);
      await writeFile(join(dir, "roster.csv"), `${[header, ...rows].join("\n")}\n`);
      const first = await allianceWith(
        { ALLIANCE_API_KEY: key },
        "attest",
        join(dir, "roster.csv"),
        "--gateway",
        url,
        "--out",
        join(dir, "ids.json"),
      );
      expect(first.code).toBe(0);
      expect(first.stderr).toContain("2500/2500 records");
      expect(first.stdout).toContain("2500 attestations accepted");
      // With --json, no progress bar: stdout holds the result, stderr only ever a failure's JSON.
      const again = await allianceWith(
        { ALLIANCE_API_KEY: key },
        "--json",
        "attest",
        join(dir, "roster.csv"),
        "--gateway",
        url,
      );
      expect(again.stderr).not.toContain("records");
      expect(JSON.parse(again.stdout).ids).toEqual(JSON.parse(await readFile(join(dir, "ids.json"), "utf8")));
      const [{ n }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations");
      expect(Number(n)).toBe(2_500);

      rows[1_204] = "2,1,1,20261,one,R-bad,A,2026-07-01";
      await writeFile(join(dir, "bad.csv"), `${[header, ...rows].join("\n")}\n`);
      const bad = await allianceWith({ ALLIANCE_API_KEY: key }, "attest", join(dir, "bad.csv"), "--gateway", url);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("line 1206, column credits");
      const badJson = await allianceWith(
        { ALLIANCE_API_KEY: key },
        "--json",
        "attest",
        join(dir, "bad.csv"),
        "--gateway",
        url,
      );
      expect(badJson.code).toBe(2);
      expect(JSON.parse(badJson.stderr).error).toMatchObject({
        code: "invalid_csv",
        details: [expect.objectContaining({ row: 1206, column: "credits" })],
      });
      expect((await alliance("attest", join(dir, "roster.csv"), "--gateway", url)).code).toBe(2); // no API key
    } finally {
      server.close();
      await db.close();
    }
  }, 180_000);
});

describe("alliance credentials hide", () => {
  it(
    "writes a copy without the grade and date that still verifies, and never overwrites without --force",
    async () => {
      const hidden = await alliance(
        "--json",
        "credentials",
        "hide",
        join(dir, "good.json"),
        "--grade",
        "--completion-date",
      );
      expect(hidden.code, hidden.stderr).toBe(0);
      expect(JSON.parse(hidden.stdout)).toEqual({
        file: join(dir, "good-shared.json"),
        hidden: ["grade", "completionDate"],
      });
      const copy = JSON.parse(await readFile(join(dir, "good-shared.json"), "utf8"));
      expect(Object.keys(copy.disclosures)).toEqual(["learner"]);
      const verified = await alliance(
        "--rpc",
        chain.node.url,
        "verify",
        "--deployment",
        join(dir, "deployment.json"),
        join(dir, "good-shared.json"),
      );
      expect(verified.code, verified.stdout).toBe(0);

      const again = await alliance("--json", "credentials", "hide", join(dir, "good.json"), "--grade");
      expect([again.code, JSON.parse(again.stderr).error.code]).toEqual([2, "file_exists"]);
      const forced = await alliance("credentials", "hide", join(dir, "good.json"), "--grade", "--force");
      expect(forced.code, forced.stderr).toBe(0);
      expect(Object.keys(JSON.parse(await readFile(join(dir, "good-shared.json"), "utf8")).disclosures)).toEqual([
        "learner",
        "completionDate",
      ]);
      const elsewhere = join(dir, "for-employer.json");
      expect((await alliance("credentials", "hide", join(dir, "good.json"), "--grade", "--out", elsewhere)).code).toBe(
        0,
      );
      expect(JSON.parse(await readFile(elsewhere, "utf8")).disclosures.grade).toBeUndefined();

      expect((await alliance("credentials", "hide", join(dir, "good.json"))).code).toBe(2); // nothing to hide
      const broken = await alliance("--json", "credentials", "hide", join(dir, "broken.json"), "--grade");
      expect([broken.code, JSON.parse(broken.stderr).error.code]).toEqual([2, "invalid_credential_file"]);
    },
    SPAWN_TIMEOUT,
  );
});
