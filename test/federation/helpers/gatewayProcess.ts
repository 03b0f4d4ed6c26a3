import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createDatabase } from "@alliance-ledger/api";

const GATEWAY = ["npx", "tsx", "--conditions=@alliance-ledger/source", "packages/api/src/main.ts"];

/**
 * A member school's gateway as its own process (`packages/api/src/main.ts`), with `env` on top of this
 * one's, in network namespace `netns` if given; resolves once it listens.
 */
export function startGatewayProcess(env: Record<string, string>, netns?: string): Promise<ChildProcess> {
  const [command, ...args] = netns ? ["ip", "netns", "exec", netns, ...GATEWAY] : GATEWAY;
  const child = spawn(command, args, {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a kill reaches everything it started
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/gateway listening on/.test(output)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`gateway exited (${code}):\n${output}`)));
  });
}

/** SIGKILL to the gateway's process group; resolves once it is gone. */
export function kill9(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGKILL");
  });
}

/** The records a gateway has received, by home school (read from its SQLite file while it runs). */
export async function receivedByHome(dataDir: string): Promise<Map<number, number>> {
  const db = await createDatabase({ sqlitePath: join(dataDir, "gateway.sqlite") });
  try {
    const rows = await db.query<{ home_id: number; n: number }>(
      "t",
      "SELECT home_id, COUNT(*) AS n FROM inbound_attestations GROUP BY home_id",
    );
    return new Map(rows.map((r) => [Number(r.home_id), Number(r.n)]));
  } finally {
    await db.close();
  }
}
