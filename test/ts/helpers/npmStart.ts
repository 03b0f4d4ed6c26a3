import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { JsonRpcProvider } from "ethers";

let running: ChildProcess | undefined;

/** Runs the `npm start` script on `dataDir` (free ports) and resolves once it prints its welcome. */
export function start(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; rpc: string; api: string; output: string; log: () => string }> {
  const child = spawn("npx", ["tsx", "--conditions=@alliance-ledger/source", "scripts/start.ts"], {
    env: { ...process.env, ALLIANCE_DATA_DIR: dataDir, ALLIANCE_CHAIN_PORT: "0", ALLIANCE_API_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a kill reaches anvil too
  });
  running = child;
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const rpc = /chain RPC\s+(http:\/\/\S+)/.exec(output)?.[1];
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (rpc && api && output.includes("Stop with Ctrl-C")) resolve({ child, rpc, api, output, log: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

/** Waits until the running stack prints `text` after the first `since` characters of its output (default: from now on), or fails after `ms`. */
export async function waitForLog(
  started: { log: () => string },
  text: string,
  ms = 30_000,
  since = started.log().length,
): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (started.log().slice(since).includes(text)) return;
  }
  throw new Error(`npm start did not print "${text}" within ${ms} ms:\n${started.log().slice(since)}`);
}

/** Signals the whole process group (the gateway and its anvil) and waits for it to exit. */
export function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid!, signal);
  });
}

/** Kills the stack's chain node alone, without warning (SIGKILL): its supervisor then restarts it from its last snapshot. */
export function killNode(child: ChildProcess) {
  execFileSync("pkill", ["-KILL", "-g", String(child.pid), "-x", "anvil"]);
}

/** For afterEach: kills whatever the last `start` left running. */
export function killAll() {
  if (!running?.pid || running.exitCode !== null) return;
  try {
    process.kill(-running.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

export async function blockNumber(rpc: string) {
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
  const n = await provider.getBlockNumber();
  provider.destroy();
  return n;
}

/** The alliance a verifier trusts: the deployment `npm start` wrote (never the addresses a credential names). */
export async function pinnedDeployment(dataDir: string): Promise<{ chainId: number; creditLedger: string }> {
  const { chainId, addresses } = JSON.parse(await readFile(join(dataDir, "deployment.json"), "utf8")) as {
    chainId: number;
    addresses: { creditLedger: string };
  };
  return { chainId, creditLedger: addresses.creditLedger };
}
