import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SDK_DIR = fileURLToPath(new URL("..", import.meta.url));
const VECTORS = fileURLToPath(new URL("../../../docs/credential-vectors.json", import.meta.url));
/** The Node a user of the package has: plain Node 20 where this machine has it, never the repo's Node 22 or tsx. */
const PLAIN_NODE = process.env.ALLIANCE_PLAIN_NODE ?? "/usr/bin/node";
/** npm pack, npm install and starting anvil are process-level steps on a possibly busy two-core machine. */
const TIMEOUT_MS = 300_000;

/** What a consumer's ESM script does with the installed package: the main entry and `/testing`, for real. */
const CONSUMER_SCRIPT = `
import { readFileSync } from "node:fs";
import { attestationLeafHash, parseCredentialFile } from "@alliance-ledger/sdk";
import { startAnvil } from "@alliance-ledger/sdk/testing";
import * as main from "@alliance-ledger/sdk";

const vectors = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [record] = vectors.records;
const file = parseCredentialFile(JSON.stringify(record.credentialFile));
const node = await startAnvil();
try {
  const response = await fetch(node.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
  });
  const { result } = await response.json();
  console.log(JSON.stringify({
    node: process.version,
    leaf: attestationLeafHash(file.attestation),
    expectedLeaf: record.leaf,
    blockNumber: result,
    mainHasStartAnvil: "startAnvil" in main,
  }));
} finally {
  await node.stop();
}
`;

let workDir: string | undefined;
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("the packed SDK", () => {
  it(
    "installs from its tarball into an empty project and runs on plain Node 20 without tsx",
    async () => {
      workDir = await mkdtemp(join(tmpdir(), "sdk-pack-"));
      const { stdout: packed } = await run("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: SDK_DIR });
      const [tarball] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
      const paths = tarball.files.map((f) => f.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          "dist/index.js",
          "dist/index.d.ts",
          "dist/testing/index.js",
          "dist/testing/index.d.ts",
        ]),
      );
      expect(paths.filter((p) => /\.test\.|tsbuildinfo/.test(p))).toEqual([]);

      const app = join(workDir, "app");
      await mkdir(app);
      await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
      const anvilVersion = (await import("@foundry-rs/anvil/package.json", { with: { type: "json" } })).default.version;
      // The dependencies come from the npm cache; anvil is the optional peer that `/testing` needs.
      await installOffline(app, [join(workDir, tarball.filename), `@foundry-rs/anvil@${anvilVersion}`]);
      await writeFile(join(app, "consumer.mjs"), CONSUMER_SCRIPT);

      const { stdout } = await run(PLAIN_NODE, ["consumer.mjs", VECTORS], { cwd: app, env: cleanEnv() });
      const result = JSON.parse(stdout);
      if (PLAIN_NODE === "/usr/bin/node") expect(result.node).toMatch(/^v20\./);
      expect(result.leaf).toBe(result.expectedLeaf);
      expect(result.blockNumber).toBe("0x0");
      expect(result.mainHasStartAnvil).toBe(false);
    },
    TIMEOUT_MS,
  );
});

/** The environment without anything that would let the consumer lean on the repo (loaders, conditions, PATH). */
function cleanEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, ...env } = process.env;
  return { ...env, PATH: "/usr/bin:/bin" };
}

/**
 * `npm install` from the npm cache alone. `npm ci` caches tarballs but not the registry's package documents
 * that resolving a version range needs, so on a cache without them the install falls back to the registry
 * (which then caches them: the next run is offline).
 */
async function installOffline(cwd: string, specs: string[]): Promise<void> {
  const flags = ["--no-audit", "--no-fund"];
  try {
    await run("npm", ["install", "--offline", ...flags, ...specs], { cwd });
  } catch (error) {
    if (!String((error as { stderr?: string }).stderr).includes("ENOTCACHED")) throw error;
    await run("npm", ["install", "--prefer-offline", ...flags, ...specs], { cwd });
  }
}
