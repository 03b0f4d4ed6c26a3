import { benchLine, type BenchResult } from "./report.js";

/**
 * `npm run bench -- NAME`: runs one benchmark and ends with its `BENCH NAME {json}` line.
 * Benchmarks are loaded lazily so that each pays only for its own set-up.
 */
const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  gas: async () => (await import("./gas.js")).benchGas(),
  reconcile: async () => (await import("./reconcile.js")).benchReconcile(),
  audit: async () => (await import("./audit.js")).benchAudit(),
  verify: async () => (await import("./verify.js")).benchVerify(),
  ingest: async () => (await import("./ingest.js")).benchIngest(),
  cli: async () => (await import("./cli.js")).benchCli(),
  reads: async () => (await import("./reads.js")).benchReads(),
};

const name = process.argv[2];
if (!name || !(name in BENCHMARKS)) {
  console.error(
    `usage: npm run bench -- <${Object.keys(BENCHMARKS).join("|")}>${name ? `\nunknown benchmark "${name}"` : ""}`,
  );
  process.exit(2);
}
const result = await BENCHMARKS[name]();
console.log(benchLine(result));
