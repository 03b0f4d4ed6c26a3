import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { runPeriodically } from "../periodic.js";
import { anchorPendingBatches } from "./anchorPendingBatches.js";

/**
 * Runs the batcher every `intervalMs`: a batch closes at `maxBatch` records or at the next tick,
 * whichever comes first; a failed run's recovery step picks up whatever it left half done.
 */
export function startBatcher(p: {
  db: Database;
  signers: Map<number, AllianceClient>;
  intervalMs: number;
  maxBatch?: number;
  logger: Logger;
}) {
  return runPeriodically("batcher", () => anchorPendingBatches(p), p.intervalMs, p.logger);
}
