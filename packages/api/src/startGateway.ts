import type { Server } from "node:http";
import { createAllianceClient, type AllianceAddresses, type AllianceClient } from "@alliance-ledger/sdk";
import type { AbstractSigner, Provider } from "ethers";
import type { Logger } from "pino";
import { startChainKeeper } from "./chainWrites/startChainKeeper.js";
import type { GatewayConfig } from "./config.js";
import type { Database } from "./db/database.js";
import { startFederation } from "./federation/startFederation.js";
import { indexChain } from "./indexer/indexChain.js";
import { startIndexer } from "./indexer/startIndexer.js";
import { createMetrics } from "./metrics.js";
import { startBatcher } from "./outbox/startBatcher.js";
import { createServer } from "./server.js";

export interface StartGatewayParameters {
  config: Pick<
    GatewayConfig,
    | "host"
    | "port"
    | "rateLimitPerMinute"
    | "batchIntervalMs"
    | "batchMax"
    | "trustProxy"
    | "metricsToken"
    | "keyPassphrase"
    | "publicUrl"
    | "publicUrlSet"
    | "federation"
  >;
  db: Database;
  provider: Provider;
  addresses: AllianceAddresses;
  /** Custodial signing clients by member id (0: the secretariat's). */
  signers: Map<number, AllianceClient>;
  /** The account that relays self-custody requests (default: the secretariat's custodial key). */
  relayer?: AllianceClient;
  /** The keeper's, batcher's and indexer's log. */
  logger: Logger;
  /** One line per request (default: `logger`). */
  requestLogger?: Logger;
}

/**
 * The whole gateway, the same for `npm start` and a production `main.ts`: it first sends again whatever
 * a node that lost state no longer has (batches and acknowledged writes), then runs the batcher, catches
 * the index up (so /ready holds when it answers), follows the chain, and serves the API.
 */
export async function startGateway(p: StartGatewayParameters) {
  const reader = createAllianceClient({ runner: p.provider, addresses: p.addresses });
  const senders = [...p.signers.values(), ...(p.relayer ? [p.relayer] : [])].map((c) => c.runner as AbstractSigner);
  const keeper = startChainKeeper({
    db: p.db,
    provider: p.provider,
    reader,
    senders,
    intervalMs: 5_000,
    logger: p.logger,
  });
  const firstPass = await keeper.passNow();
  const metrics = createMetrics();
  const batcher = startBatcher({
    db: p.db,
    signers: p.signers,
    intervalMs: p.config.batchIntervalMs,
    maxBatch: p.config.batchMax,
    logger: p.logger,
    metrics,
  });
  await indexChain({ db: p.db, provider: p.provider, addresses: p.addresses });
  const indexer = startIndexer({
    db: p.db,
    provider: p.provider,
    addresses: p.addresses,
    intervalMs: 1_000,
    logger: p.logger,
  });
  // One gateway per member: publish this one on chain and fetch home schools' records from issuers'.
  const federation =
    p.config.federation && reader.memberGateways && p.config.keyPassphrase
      ? await startFederation({
          db: p.db,
          reader,
          signers: p.signers,
          publicUrl: p.config.publicUrl,
          passphrase: p.config.keyPassphrase,
          intervalMs: 2_000,
          logger: p.logger,
        })
      : undefined;
  const app = createServer({
    db: p.db,
    provider: p.provider,
    reader,
    signers: p.signers,
    relayer: p.relayer,
    indexing: true,
    logger: p.requestLogger ?? p.logger,
    metrics,
    rateLimitPerMinute: p.config.rateLimitPerMinute,
    trustProxy: p.config.trustProxy,
    metricsToken: p.config.metricsToken,
    keyPassphrase: p.config.keyPassphrase,
    publicUrl: p.config.publicUrl,
    linkOrigin: p.config.publicUrlSet ? new URL(p.config.publicUrl).origin : undefined,
  });
  const server: Server = app.listen(p.config.port, p.config.host);
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const address = server.address();
  return {
    url: `http://${p.config.host}:${typeof address === "object" && address ? address.port : p.config.port}`,
    /** What the keeper's first pass found lost and sent again. */
    firstPass,
    /** Runs a keeper pass now (after the node restarted), serialised with the periodic ones. */
    passNow: keeper.passNow,
    /** Stops taking requests and lets the batcher, keeper and indexer finish their current run. */
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await keeper.stop();
      await batcher.stop();
      await indexer.stop();
      await federation?.stop();
    },
  };
}
