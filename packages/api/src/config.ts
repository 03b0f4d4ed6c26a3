import { join, resolve } from "node:path";
import { z } from "zod";

const Schema = z.object({
  ALLIANCE_DATA_DIR: z.string().min(1).default("./data"),
  ALLIANCE_API_HOST: z.string().default("127.0.0.1"),
  ALLIANCE_API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ALLIANCE_RPC_URL: z.url({ protocol: /^https?$/, message: "expected the chain node's JSON-RPC URL, e.g. http://127.0.0.1:8545" }).default("http://127.0.0.1:8545"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "expected postgres://user@host:port/database").optional(),
  ALLIANCE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  ALLIANCE_KEY_PASSPHRASE: z.string().min(8, "expected at least 8 characters: it encrypts the custodial keys").optional(),
  ALLIANCE_BATCH_INTERVAL_MS: z.coerce.number().int().min(50).default(2_000),
  ALLIANCE_BATCH_MAX: z.coerce.number().int().min(1).max(65_536).default(4_096),
  ALLIANCE_RELAYER_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected the relayer account's private key: 0x and 64 hex digits").optional(),
});

export interface GatewayConfig {
  dataDir: string;
  host: string;
  port: number;
  rpcUrl: string;
  /** PostgreSQL when set; otherwise the embedded SQLite file below. */
  databaseUrl?: string;
  sqlitePath: string;
  deploymentPath: string;
  rateLimitPerMinute: number;
  keyPassphrase?: string;
  batchIntervalMs: number;
  batchMax: number;
  /** Private key of the account that relays self-custody requests; never logged. */
  relayerKey?: string;
}

/** Parses the environment once at start-up; throws with one line per problem, saying what was expected. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `configuration: ${i.path.join(".")}: ${i.message}`).join("\n"));
  const c = parsed.data;
  const dataDir = resolve(c.ALLIANCE_DATA_DIR);
  return {
    dataDir,
    host: c.ALLIANCE_API_HOST,
    port: c.ALLIANCE_API_PORT,
    rpcUrl: c.ALLIANCE_RPC_URL,
    databaseUrl: c.DATABASE_URL,
    sqlitePath: join(dataDir, "gateway.sqlite"),
    deploymentPath: join(dataDir, "deployment.json"),
    rateLimitPerMinute: c.ALLIANCE_RATE_LIMIT_PER_MINUTE,
    keyPassphrase: c.ALLIANCE_KEY_PASSPHRASE,
    batchIntervalMs: c.ALLIANCE_BATCH_INTERVAL_MS,
    batchMax: c.ALLIANCE_BATCH_MAX,
    relayerKey: c.ALLIANCE_RELAYER_KEY,
  };
}
