import { readFile } from "node:fs/promises";
import { JsonRpcProvider } from "ethers";
import pino from "pino";
import { createAllianceClient, type AllianceAddresses } from "@alliance-ledger/sdk";
import { RecordingWallet } from "./chainWrites/recordingWallet.js";
import { loadConfig, type GatewayConfig } from "./config.js";
import { loadCustodialSigners } from "./custody/custodialKeys.js";
import { createDatabase } from "./db/createDatabase.js";
import { startGateway } from "./startGateway.js";

/**
 * The gateway on its own, against any JSON-RPC node: `npx tsx packages/api/src/main.ts` with the
 * configuration in the environment (see config.ts) and the contract addresses in
 * $ALLIANCE_DATA_DIR/deployment.json. On start it sends again whatever the node lost, resumes the
 * outbox (recovering half-done batches), catches the index up, then serves.
 */
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
let config: GatewayConfig;
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
// Self-custody requests are relayed by a dedicated account if configured (it must be allowlisted on the network).
const relayer = config.relayerKey
  ? createAllianceClient({ runner: new RecordingWallet(config.relayerKey, provider), addresses })
  : undefined;
const gateway = await startGateway({ config, db, provider, addresses, signers, relayer, logger });
console.log(`gateway listening on ${gateway.url}`);
const stop = async () => {
  await gateway.stop();
  await db.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
