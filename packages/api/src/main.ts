import { readFile } from "node:fs/promises";
import { JsonRpcProvider, type AbstractSigner } from "ethers";
import pino from "pino";
import { createAllianceClient, type AllianceAddresses } from "@alliance-ledger/sdk";
import { loadConfig } from "./config.js";
import { loadCustodialSigners } from "./custody/custodialKeys.js";
import { createDatabase } from "./db/createDatabase.js";
import { indexChain } from "./indexer/indexChain.js";
import { startIndexer } from "./indexer/startIndexer.js";
import { startBatcher } from "./outbox/startBatcher.js";
import { RecordingWallet } from "./chainWrites/recordingWallet.js";
import { startChainKeeper } from "./chainWrites/startChainKeeper.js";
import { createServer } from "./server.js";
import { createMetrics } from "./metrics.js";

/**
 * The gateway on its own, against any JSON-RPC node: `npx tsx packages/api/src/main.ts` with the
 * configuration in the environment (see config.ts) and the contract addresses in
 * $ALLIANCE_DATA_DIR/deployment.json. On start it resumes the outbox (recovering half-done batches),
 * catches the index up, then serves.
 */
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const { addresses } = JSON.parse(await readFile(config.deploymentPath, "utf8")) as { addresses: AllianceAddresses };
const provider = new JsonRpcProvider(config.rpcUrl, undefined, {
  batchMaxCount: 1,
  pollingInterval: 250,
  cacheTimeout: -1,
});
const db = await createDatabase(config);
const signers = config.keyPassphrase
  ? await loadCustodialSigners(db, { passphrase: config.keyPassphrase, provider, addresses })
  : new Map();
const reader = createAllianceClient({ runner: provider, addresses });
// Self-custody requests are relayed by a dedicated account if configured (it must be allowlisted on the network).
const relayer = config.relayerKey
  ? createAllianceClient({ runner: new RecordingWallet(config.relayerKey, provider), addresses })
  : undefined;
const senders = [...signers.values(), ...(relayer ? [relayer] : [])].map((c) => c.runner as AbstractSigner);
// A node that lost state gets its batches and every acknowledged write again: once before serving, then every few seconds.
const keeper = startChainKeeper({ db, provider, reader, senders, intervalMs: 5_000, logger });
await keeper.passNow();
const metrics = createMetrics();
const batcher = startBatcher({
  db,
  signers,
  intervalMs: config.batchIntervalMs,
  maxBatch: config.batchMax,
  logger,
  metrics,
});
await indexChain({ db, provider, addresses });
const indexer = startIndexer({ db, provider, addresses, intervalMs: 1_000, logger });
const app = createServer({
  metrics,
  db,
  provider,
  signers,
  relayer,
  indexing: true,
  reader,
  logger,
  rateLimitPerMinute: config.rateLimitPerMinute,
  trustProxy: config.trustProxy,
  metricsToken: config.metricsToken,
});
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(`gateway listening on http://${config.host}:${port}`);
});
const stop = async () => {
  await batcher.stop();
  await keeper.stop();
  await indexer.stop();
  server.close();
  await db.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
