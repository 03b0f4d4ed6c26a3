import type { Command } from "commander";
import type { GatewayClient } from "@alliance-ledger/sdk";
import { EXIT_UNREACHABLE } from "./connect.js";

/** Exit code when the input or the request was wrong (a 4xx other than a ledger rule). */
export const EXIT_BAD_INPUT = 2;
/** Exit code when the ledger's rules refused the request (a contract custom error, HTTP 409). */
export const EXIT_REFUSED = 4;

export interface GatewayOptions {
  gateway: string;
  apiKeyEnv: string;
}

/** Adds the options every gateway command shares. */
export function gatewayOptions(command: Command): Command {
  return command
    .option("--gateway <url>", "the gateway's URL", process.env.ALLIANCE_GATEWAY_URL ?? "http://127.0.0.1:3000")
    .option("--api-key-env <name>", "environment variable holding your API key", "ALLIANCE_API_KEY");
}

/** Stops with a message and exit code 2. */
export function usage(message: string): never {
  console.error(message);
  process.exit(EXIT_BAD_INPUT);
}

/**
 * Runs `work` against the gateway with the caller's API key and turns every failure into a message
 * that says what to fix and an exit code: 2 bad input or key, 3 gateway unreachable or failing,
 * 4 refused by the ledger's rules.
 */
export async function withGateway<T>(o: GatewayOptions, work: (gateway: GatewayClient) => Promise<T>): Promise<T> {
  const { createGatewayClient, GatewayError } = await import("@alliance-ledger/sdk");
  const apiKey = process.env[o.apiKeyEnv];
  if (!apiKey)
    usage(`set ${o.apiKeyEnv} to your API key (the secretariat issues them; \`npm start\` prints the demo's)`);
  try {
    return await work(createGatewayClient({ baseUrl: o.gateway, apiKey }));
  } catch (error) {
    if (error instanceof GatewayError) {
      // A ledger refusal is printed by its Solidity name, the one its NatSpec is filed under.
      const contractError = (error.errorDetails[0] as { contractError?: string } | undefined)?.contractError;
      console.error(`${contractError ?? error.code}: ${error.message.split("\n")[0]}`);
      for (const d of error.errorDetails as Array<Record<string, unknown>>)
        console.error(
          `  ${Object.entries(d)
            .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
            .join(", ")}`,
        );
      if (error.status === 401) console.error(`  check the API key in ${o.apiKeyEnv}`);
      if (contractError)
        console.error("  the ledger refused this: contracts/interfaces/*.sol documents when each error is raised");
      process.exit(error.status === 409 ? EXIT_REFUSED : error.status < 500 ? EXIT_BAD_INPUT : EXIT_UNREACHABLE);
    }
    console.error(
      `cannot reach the gateway at ${o.gateway}: ${(error as Error).message}\n  start it with \`npm start\`, or pass --gateway <url>`,
    );
    process.exit(EXIT_UNREACHABLE);
  }
}

/** Prints `rows` as JSON (with --json) or as an aligned table of `columns`. */
export function printRows(
  program: Command,
  rows: Array<Record<string, unknown>>,
  columns: string[],
  extra?: Record<string, unknown>,
) {
  if (program.opts().json) {
    console.log(JSON.stringify(extra ? { ...extra, items: rows } : rows));
    return;
  }
  if (rows.length === 0) {
    console.log("(none)");
    return;
  }
  const cell = (v: unknown) =>
    v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}

/** Prints one result: JSON with --json, else `message`. */
export function printResult(program: Command, result: unknown, message: string) {
  console.log(program.opts().json ? JSON.stringify(result) : message);
}

/** Parses a positive integer argument or stops with exit code 2 naming it. */
export function positiveInt(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) usage(`${name} must be a positive whole number, got "${value}"`);
    return Number(value);
  };
}

/** Parses credits as on a transcript ("2.5", "3"; at most two decimals, above 0), as the gateway takes them. */
export function credits(name: string) {
  return (value: string) => {
    if (!/^\d{1,8}(\.\d{1,2})?$/.test(value) || Number(value) <= 0)
      usage(`${name} must be credits as on a transcript, e.g. 3 or 2.5 (at most two decimals), got "${value}"`);
    return value;
  };
}

/** Parses whole minor units ("125000"), refusing decimals so no amount is ever rounded. */
export function minorUnits(name: string) {
  return (value: string) => {
    if (!/^\d{1,18}$/.test(value))
      usage(`${name} must be whole minor units (e.g. 125000 for 1,250.00), got "${value}"`);
    return value;
  };
}
