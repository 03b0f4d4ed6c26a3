import type { Command } from "commander";
import type { GatewayClient } from "@alliance-ledger/sdk";
import { EXIT_BAD_INPUT, EXIT_INVALID, EXIT_REFUSED, EXIT_UNREACHABLE, fail, type Failure } from "./fail.js";

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

/**
 * A client of the gateway with the caller's API key; stops with exit code 2 when the key is not set,
 * unless the command only calls public routes (`needsKey: false`).
 */
export async function gatewayClient(o: GatewayOptions, needsKey = true): Promise<GatewayClient> {
  const { createGatewayClient } = await import("@alliance-ledger/sdk");
  const apiKey = process.env[o.apiKeyEnv] || undefined;
  if (!apiKey && needsKey)
    fail(
      {
        code: "api_key_missing",
        message: `set ${o.apiKeyEnv} to your API key (the secretariat issues them; \`npm start\` prints the demo's)`,
        details: [{ env: o.apiKeyEnv }],
      },
      EXIT_BAD_INPUT,
    );
  return createGatewayClient({ baseUrl: o.gateway, apiKey });
}

/**
 * Runs `work` against the gateway with the caller's API key and turns every failure into a message
 * that says what to fix (one JSON object with --json) and an exit code: 2 bad input or key, 3 gateway
 * unreachable or failing, 4 refused by the ledger's rules.
 */
export async function withGateway<T>(
  o: GatewayOptions,
  work: (gateway: GatewayClient) => Promise<T>,
  needsKey = true,
): Promise<T> {
  const gateway = await gatewayClient(o, needsKey);
  try {
    return await work(gateway);
  } catch (error) {
    const { failure, exitCode } = await gatewayFailure(error, o);
    fail(failure, exitCode);
  }
}

/**
 * What a failed gateway call tells the user: the gateway's own error (code, message, details) with its
 * exit code (409 refused 4, other 4xx 2, 5xx 3), or that the gateway could not be reached (3).
 */
export async function gatewayFailure(
  error: unknown,
  o: GatewayOptions,
): Promise<{ failure: Failure; exitCode: number; status?: number }> {
  const { GatewayError } = await import("@alliance-ledger/sdk");
  if (error instanceof GatewayError) {
    // A ledger refusal is printed by its Solidity name, the one its NatSpec is filed under.
    const contractError = (error.errorDetails[0] as { contractError?: string } | undefined)?.contractError;
    const hints: string[] = [];
    if (error.status === 401) hints.push(`check the API key in ${o.apiKeyEnv}`);
    if (contractError)
      hints.push("the ledger refused this: contracts/interfaces/*.sol documents when each error is raised");
    return {
      failure: {
        code: error.code,
        message: error.shortMessage,
        headline: `${contractError ?? error.code}: ${error.shortMessage}`,
        details: error.errorDetails,
        hints,
      },
      status: error.status,
      // A credential the gateway checked and found not valid is what `alliance verify` exits 1 for.
      exitCode:
        error.code === "credential_not_valid"
          ? EXIT_INVALID
          : error.status === 409
            ? EXIT_REFUSED
            : error.status < 500
              ? EXIT_BAD_INPUT
              : EXIT_UNREACHABLE,
    };
  }
  const reason = (error as { cause?: { code?: string; message?: string } }).cause;
  const cause = reason?.code ?? reason?.message;
  return {
    failure: {
      code: "gateway_unreachable",
      message: `cannot reach the gateway at ${o.gateway}: ${(error as Error).message}${cause ? ` (${cause})` : ""}`,
      details: [{ gateway: o.gateway, ...(cause ? { cause } : {}) }],
      detailLines: [],
      hints: ["start it with `npm start`, or pass --gateway <url>"],
    },
    exitCode: EXIT_UNREACHABLE,
  };
}
