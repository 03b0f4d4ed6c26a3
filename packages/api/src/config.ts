import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { z } from "zod";

/**
 * Every setting of a gateway, by the environment variable that sets it. `npm start` extends this one
 * schema with its local node's settings, so both read the same names.
 */
export const GatewaySettings = z.object({
  ALLIANCE_DATA_DIR: z.string().min(1).default("./data"),
  ALLIANCE_API_HOST: z.string().default("127.0.0.1"),
  ALLIANCE_API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Where students, employers and other gateways reach this one: its host names the members' did:web DIDs.
  ALLIANCE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "expected the gateway's public URL, e.g. https://ledger.alliance.edu.cn" })
    .optional(),
  ALLIANCE_RPC_URL: z
    .url({ protocol: /^https?$/, message: "expected the chain node's JSON-RPC URL, e.g. http://127.0.0.1:8545" })
    .default("http://127.0.0.1:8545"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected postgres://user@host:port/database")
    .optional(),
  ALLIANCE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  ALLIANCE_KEY_PASSPHRASE: z
    .string()
    .min(8, "expected at least 8 characters: it encrypts the custodial keys")
    .optional(),
  ALLIANCE_BATCH_INTERVAL_MS: z.coerce.number().int().min(50).default(2_000),
  ALLIANCE_BATCH_MAX: z.coerce.number().int().min(1).max(65_536).default(4_096),
  ALLIANCE_TRUST_PROXY: z
    .string()
    .default("false")
    .refine((v) => parseTrustProxy(v) !== undefined, {
      message:
        'expected "false" (no proxy), the number of proxies in front of the gateway (e.g. 1), or their addresses or subnets, comma-separated (e.g. "loopback" or "10.0.0.0/8"); "true" would let any client choose its address',
    })
    .transform((v) => parseTrustProxy(v)!),
  ALLIANCE_METRICS_TOKEN: z
    .string()
    .min(32, "expected at least 32 characters: a bearer token for the Prometheus scraper")
    .optional(),
  ALLIANCE_RELAYER_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "expected the relayer account's private key: 0x and 64 hex digits")
    .optional(),
  // "on" when each member school runs its own gateway: publish this one in the directory on chain and
  // fetch the home schools' records from the issuers' gateways.
  ALLIANCE_FEDERATION: z.enum(["on", "off"], { message: 'expected "on" or "off"' }).default("off"),
});

/**
 * `npm start`'s settings: the gateway's, plus its local node's, with a demo passphrase by default (the
 * local demo's keys are public anyway).
 */
export const LocalAllianceSettings = GatewaySettings.extend({
  ALLIANCE_CHAIN_PORT: z.coerce.number().int().min(0).max(65535).default(8545), // 0: any free port
  ALLIANCE_KEY_PASSPHRASE: z.string().min(8, "expected at least 8 characters").default("alliance-local-demo"),
  // How much of the chain a kill -9 of the node may lose at most; whatever it loses, the gateway sends again.
  ALLIANCE_STATE_INTERVAL_SECONDS: z.coerce.number().positive().max(86_400).default(1),
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
  /** Which reverse proxies may name the client in X-Forwarded-For (rate limits count per client). */
  trustProxy: TrustProxy;
  /** Bearer token that may read /metrics (besides auditor and secretariat keys); never logged. */
  metricsToken?: string;
  /** Where the public reaches the gateway; its host names the member schools' did:web DIDs. */
  publicUrl: string;
  /** ALLIANCE_PUBLIC_URL was set: share links point at it rather than at the address a request came in on. */
  publicUrlSet: boolean;
  /** Records flow between member gateways (ALLIANCE_FEDERATION=on). */
  federation: boolean;
}

/** Express `trust proxy`: off, a hop count, or the trusted proxies' addresses, subnets or names. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** ALLIANCE_TRUST_PROXY as Express wants it, or undefined when it is not one of the accepted forms. */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const v = value.trim();
  if (v === "false" || v === "0" || v === "") return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const parts = v.split(",").map((p) => p.trim());
  const valid = (p: string) => {
    if (PROXY_NAMES.has(p)) return true;
    const [address, bits, ...rest] = p.split("/");
    const family = isIP(address);
    if (!family || rest.length) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  return parts.length > 0 && parts.every(valid) ? parts : undefined;
}

/** Parses the environment once at start-up; throws with one line per problem, saying what was expected. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return gatewayConfigOf(parseSettings(GatewaySettings, env));
}

/** `env` parsed by `schema` (the gateway's settings, or an extension of them); throws one line per problem. */
export function parseSettings<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `configuration: ${i.path.join(".")}: ${i.message}`).join("\n"));
  return parsed.data;
}

/** The gateway's configuration from its parsed settings. */
export function gatewayConfigOf(c: z.infer<typeof GatewaySettings>): GatewayConfig {
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
    trustProxy: c.ALLIANCE_TRUST_PROXY,
    metricsToken: c.ALLIANCE_METRICS_TOKEN,
    federation: c.ALLIANCE_FEDERATION === "on",
    publicUrlSet: c.ALLIANCE_PUBLIC_URL !== undefined,
    publicUrl:
      c.ALLIANCE_PUBLIC_URL ??
      `http://${["0.0.0.0", "::"].includes(c.ALLIANCE_API_HOST) ? "127.0.0.1" : c.ALLIANCE_API_HOST}:${c.ALLIANCE_API_PORT}`,
  };
}
