import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { printTable, type BenchResult } from "./report.js";

const RUNS = 7;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("../../packages/cli/bin/alliance.mjs", import.meta.url));

/** Wall-clock seconds of one run of this Node binary with `args`, output discarded. */
function secondsToRun(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { stdio: "ignore" });
  return (performance.now() - start) / 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Start-up cost of the CLI: `alliance --help` against `node -e 0` on the same Node binary, interleaved so that
 * a busy moment of the machine weighs on both; medians of {@link RUNS} runs each, after one warm-up run.
 */
export async function benchCli(): Promise<BenchResult> {
  // Measure the CLI as built from the current sources (incremental: seconds when nothing changed).
  execFileSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, "-b", `${ROOT}tsconfig.build.json`], {
    stdio: "inherit",
  });
  secondsToRun(["-e", "0"]);
  secondsToRun([BIN, "--help"]);
  const node: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(secondsToRun(["-e", "0"]));
    help.push(secondsToRun([BIN, "--help"]));
  }
  const figures = {
    helpSeconds: Number(median(help).toFixed(3)),
    nodeSeconds: Number(median(node).toFixed(3)),
    ratio: Number((median(help) / median(node)).toFixed(2)),
    runs: RUNS,
    node: process.version,
  };
  printTable(`CLI start-up (${process.version}, median of ${RUNS})`, [
    ["alliance --help", `${figures.helpSeconds} s`, `${figures.ratio}x node -e 0`],
    ["node -e 0", `${figures.nodeSeconds} s`, ""],
  ]);
  return { name: "cli", figures };
}
