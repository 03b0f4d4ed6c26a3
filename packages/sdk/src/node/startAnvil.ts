import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface StartAnvilParameters {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  chainId?: number;
  /**
   * Load state from this file (a snapshot from {@link snapshotAnvilState}) at start. The node never
   * writes it: snapshots are taken over RPC and written beside it atomically.
   */
  loadStateFile?: string;
  /**
   * Keep every block's state, so a snapshot restores reads "as of block N" too. For a node whose state
   * is snapshotted (`npm start`); it costs memory and time on every block, so test nodes go without.
   */
  preserveHistoricalStates?: boolean;
  /** Interval mining; by default every transaction is mined at once. */
  blockTimeSeconds?: number;
  /** Prefunded dev accounts (anvil's default mnemonic); default 10. */
  accounts?: number;
  /** Extra command-line arguments. */
  args?: string[];
}

export interface AnvilNode {
  url: string;
  port: number;
  process: ChildProcess;
  /** Stops the node with SIGTERM and waits for it to exit (take a last snapshot first to keep its state). */
  stop(): Promise<void>;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

/** Path of the anvil binary shipped in the npm package `@foundry-rs/anvil` for this platform. */
export function anvilBinaryPath(): string {
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) throw new Error(`anvil has no build for ${process.platform}-${process.arch}`);
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  return join(dir, "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
}

/**
 * Starts a local anvil node configured like an alliance network: Cancun, zero base fee and gas price.
 * Resolves once it listens.
 *
 * @example const node = await startAnvil(); ...; await node.stop();
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<AnvilNode> {
  const args = [
    "--host",
    parameters.host ?? "127.0.0.1",
    "--port",
    String(parameters.port ?? 0),
    "--chain-id",
    String(parameters.chainId ?? 31337),
    "--hardfork",
    "cancun",
    "--gas-price",
    "0",
    "--base-fee",
    "0",
    "--disable-min-priority-fee",
    "--accounts",
    String(parameters.accounts ?? 10),
    "--gas-limit",
    "1000000000",
    "--code-size-limit",
    "49152",
  ];
  if (parameters.preserveHistoricalStates) args.push("--preserve-historical-states");
  if (parameters.loadStateFile) args.push("--load-state", parameters.loadStateFile);
  if (parameters.blockTimeSeconds) args.push("--block-time", String(parameters.blockTimeSeconds));
  args.push(...(parameters.args ?? []));

  const child = spawn(anvilBinaryPath(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on [^:\s]+:(\d+)/.exec(output);
      if (match) {
        child.stdout!.off("data", onData);
        child.stdout!.resume(); // keep draining so anvil never blocks on a full pipe
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) =>
      reject(new Error(`anvil exited with code ${code} before listening:\n${output.slice(-2000)}`)),
    );
    child.once("error", reject);
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: `http://${parameters.host ?? "127.0.0.1"}:${port}`,
    port,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
