import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anchorBatch,
  buildAttestationTree,
  devWallet,
  issueCredentialFiles,
  publishCourse,
  sealAttestation,
  serializeAuditExport,
  simulateTerm,
  startLocalAlliance,
  type LocalAlliance,
} from "@alliance-ledger/sdk";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/alliance.mjs", import.meta.url));

/** Runs the CLI as a user would; resolves with its exit code and output instead of throwing. */
async function alliance(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ALLIANCE_AUDITOR_KEY: devWallet(9, chain.provider).privateKey } });
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
  await publishCourse(host, { code: "X1", terms: { metadata: "x", credits: 100, contactHours: 16, feePerCredit: 1n, term: 20261, seats: 9 } });
  const sealed = [sealAttestation({ issuerId: 1, homeId: 2, courseId: 1, courseVersion: 1, term: 20261, credits: 100, studentRef: "S1", grade: "A", completionDate: "2026-07-01" })];
  const tree = buildAttestationTree(sealed.map((s) => s.attestation));
  await anchorBatch(host, { root: tree.root, count: 1 });
  const [file] = issueCredentialFiles({ tree, sealed, chainId: 31337, creditLedger: chain.secretariat.addresses.creditLedger });
  await writeFile(join(dir, "good.json"), JSON.stringify(file));
  await writeFile(join(dir, "altered.json"), JSON.stringify({ ...file, attestation: { ...file.attestation, credits: 900 } }));
  await writeFile(join(dir, "broken.json"), JSON.stringify({ ...file, version: 7 }));
  await writeFile(join(dir, "deployment.json"), JSON.stringify({ addresses: chain.secretariat.addresses }));
  const exported = await simulateTerm(chain, { batches: 1, perBatch: 4, recognitions: 2, costEntries: 6 });
  // The first batch (anchored above) is part of the chain too.
  exported.attestations.push({ recordId: "S1", batchRoot: file.batchRoot, proof: file.proof, attestation: file.attestation });
  await writeFile(join(dir, "export.json"), serializeAuditExport(exported));
}, 60_000);
afterAll(async () => chain?.stop());

describe("alliance verify", () => {
  it("exits 0 for a valid credential and prints every check", async () => {
    const r = await alliance("--rpc", chain.node.url, "verify", join(dir, "good.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok\s+issuerStanding/);
    expect(r.stdout).toMatch(/valid credential/);
  });

  it("exits 1 for an altered credential and names the failed check", async () => {
    const r = await alliance("--rpc", chain.node.url, "--json", "verify", join(dir, "altered.json"));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === "proof").outcome).toBe("fail");
  });

  it("exits 2 for a file that is not a credential, or missing, and 3 when the node is down", async () => {
    const broken = await alliance("--rpc", chain.node.url, "verify", join(dir, "broken.json"));
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringContaining("/version")]);
    expect((await alliance("verify", join(dir, "nope.json"))).code).toBe(2);
    const down = await alliance("--rpc", "http://127.0.0.1:9", "verify", join(dir, "good.json"));
    expect([down.code, down.stderr]).toEqual([3, expect.stringContaining("npm start")]);
  });
});

describe("alliance audit", () => {
  it("audits the chain and the export, writing a signed evidence package", async () => {
    const out = join(dir, "evidence");
    const r = await alliance("--rpc", chain.node.url, "audit", "--deployment", join(dir, "deployment.json"), "--export", join(dir, "export.json"), "--out", out);
    expect(r.stdout).toMatch(/no discrepancies/);
    expect(r.code).toBe(0);
  });
});

describe("alliance network generate", () => {
  it("writes a Besu network, and refuses a bad validator count", async () => {
    const out = join(dir, "besu");
    const r = await alliance("--json", "network", "generate", "--validators", "4", "--out", out);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).nodes).toHaveLength(4);
    const bad = await alliance("network", "generate", "--validators", "zero", "--out", out);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("positive whole number")]);
  });
});
