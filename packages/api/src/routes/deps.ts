import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Provider } from "ethers";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import type { IssuerKeys } from "../issuers/issuerKeys.js";
import type { GatewayMetrics } from "../metrics.js";
import type { BatchLoader } from "../outbox/loadBatch.js";

/** What every resource's routes are built from; `createServer` makes one, `npm run openapi` stubs it. */
export interface RouteDependencies {
  db: Database;
  provider: Provider;
  /** A read-only client of the alliance contracts. */
  reader: AllianceClient;
  /** Custodial signing keys by member id; 0 is the secretariat's. */
  signers: Map<number, AllianceClient>;
  /** Submits members' self-signed requests through the forwarder, if the gateway has a key for it. */
  relayer: AllianceClient | undefined;
  /** Recent anchored batches' trees. */
  loadBatch: BatchLoader;
  /** Where each route registers its OpenAPI operation. */
  registry: OpenAPIRegistry;
  logger: Logger;
  metrics: GatewayMetrics;
  /** True when an indexer keeps the index current: /ready then also waits for it. */
  indexing: boolean;
  /** A bearer token that may read /metrics besides auditor and secretariat keys. */
  metricsToken?: string;
  /** Member schools' credential-signing keys and the did:web names built from the gateway's public URL. */
  issuerKeys: IssuerKeys;
  /** The origin of share links when the operator named the public URL; otherwise the request's own. */
  linkOrigin?: string;
}

/**
 * What a read may use. List services read only the database (the indexer's read model and the
 * gateway's books), never chain history; the chain is for single-record checks before a write.
 */
export type ReadDependencies = Pick<RouteDependencies, "db" | "provider" | "reader">;
