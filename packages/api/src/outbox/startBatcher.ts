import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import type { GatewayMetrics } from "../metrics.js";
import { runPeriodically } from "../periodic.js";
import { anchorPendingBatches } from "./anchorPendingBatches.js";

/**
 * Runs the batcher every `intervalMs`: a batch closes at `maxBatch` records or at the next tick,
 * whichever comes first; a failed run's recovery step picks up whatever it left half done (and counts
 * in `alliance_anchoring_failures_total`).
 */
export function startBatcher(p: {
  db: Database;
  signers: Map<number, AllianceClient>;
  intervalMs: number;
  maxBatch?: number;
  logger: Logger;
  metrics?: GatewayMetrics;
}) {
  const run = () =>
    anchorPendingBatches(p).catch((error) => {
      p.metrics?.anchoringFailures.inc();
      throw error;
    });
  return runPeriodically("batcher", run, p.intervalMs, p.logger);
}
