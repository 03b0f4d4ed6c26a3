import { readFile } from "node:fs/promises";
import type { JsonRpcProvider } from "ethers";
import type { AllianceAddresses } from "@alliance-ledger/sdk";
import { EXIT_BAD_INPUT, EXIT_UNREACHABLE, fail } from "./fail.js";

/**
 * Connects to a node, failing within 5 s with advice instead of retrying for ever (ethers' default
 * when a node is down).
 */
export async function connect(rpc: string): Promise<JsonRpcProvider> {
  try {
    const response = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(5_000),
    });
    const { result } = (await response.json()) as { result: string };
    const { JsonRpcProvider, Network } = await import("ethers");
    return new JsonRpcProvider(rpc, Network.from(BigInt(result)), {
      staticNetwork: true,
      batchMaxCount: 1,
      cacheTimeout: -1,
    });
  } catch (error) {
    fail(
      {
        code: "chain_unreachable",
        message: `cannot reach the chain at ${rpc} (${(error as Error).message})`,
        details: [{ rpc }],
        hints: ["start the local alliance with `npm start`, or pass --rpc <url>"],
      },
      EXIT_UNREACHABLE,
    );
  }
}

/** Reads the contract addresses from a deployment file written by `npm start` or the deploy script. */
export async function readDeployment(path: string): Promise<AllianceAddresses> {
  try {
    const { addresses } = JSON.parse(await readFile(path, "utf8")) as { addresses: AllianceAddresses };
    if (!addresses?.registry) throw new Error("it has no addresses.registry");
    return addresses;
  } catch (error) {
    fail(
      {
        code: "deployment_unreadable",
        message: `cannot use the deployment file ${path}: ${(error as Error).message}`,
        details: [{ file: path }],
      },
      EXIT_BAD_INPUT,
    );
  }
}
