import type { Provider } from "ethers";
import type { AllianceAddresses } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { runPeriodically } from "../periodic.js";
import { indexChain } from "./indexChain.js";

/** Follows the chain every `intervalMs`. */
export function startIndexer(p: {
  db: Database;
  provider: Provider;
  addresses: AllianceAddresses;
  intervalMs: number;
  logger: Logger;
}) {
  const onRebuild = () =>
    p.logger.warn(
      "the chain no longer has the last indexed block (the node lost state or reorganised): rebuilding the index",
    );
  return runPeriodically("indexer", () => indexChain({ ...p, onRebuild }), p.intervalMs, p.logger);
}
