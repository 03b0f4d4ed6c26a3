import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { diffSnapshots, formatSnapshot, type GasSnapshot, type GasStatsReport, toSnapshot } from "./snapshot.js";

/**
 * `npm run gas:check` reruns the mocha contract tests (test/contracts) with Hardhat's gas statistics and
 * fails, naming each function whose gas changed (old → new), when they differ from the committed snapshot;
 * `npm run gas:update` rewrites the snapshot. The Solidity fuzz and invariant tests are left out: their
 * inputs, and so their gas, are not the same from run to run.
 */
const SNAPSHOT = "test/contracts/gas-snapshot.json";
const mode = process.argv[2] ?? "check";
if (mode !== "check" && mode !== "update") {
  console.error(`usage: tsx scripts/gas-snapshot/main.ts check|update (got ${mode})`);
  process.exit(2);
}

/** Runs the mocha contract tests with gas statistics; undefined (after printing their output) if they fail. */
async function measure(): Promise<GasSnapshot | undefined> {
  const dir = await mkdtemp(join(tmpdir(), "gas-snapshot-"));
  const report = join(dir, "gas-stats.json");
  try {
    try {
      await promisify(execFile)("npx", ["hardhat", "test", "mocha", "--gas-stats-json", report], {
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      console.error(stdout || stderr ? `${stdout}${stderr}` : String(error));
      console.error("the contract tests failed, so no gas was measured");
      return undefined;
    }
    return toSnapshot(JSON.parse(await readFile(report, "utf8")) as GasStatsReport);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const measured = await measure();
if (!measured) process.exit(2);

if (mode === "update") {
  await writeFile(SNAPSHOT, formatSnapshot(measured));
  console.log(`wrote ${SNAPSHOT}`);
  process.exit(0);
}

const committed = await readFile(SNAPSHOT, "utf8").then(
  (text) => JSON.parse(text) as GasSnapshot,
  () => undefined,
);
if (!committed) {
  console.error(`${SNAPSHOT} is missing or not JSON: run npm run gas:update and commit it`);
  process.exit(1);
}
const changes = diffSnapshots(committed, measured);
if (changes.length > 0) {
  console.error(`Gas differs from ${SNAPSHOT} (old → new):\n  ${changes.join("\n  ")}`);
  console.error("If the change is intended, run npm run gas:update and commit the snapshot with it.");
  process.exit(1);
}
const entries = Object.values(measured).flatMap((functions) => Object.keys(functions));
const deployments = entries.filter((name) => name === "(deployment)").length;
console.log(`gas matches ${SNAPSHOT} (${entries.length - deployments} functions, ${deployments} deployments)`);
