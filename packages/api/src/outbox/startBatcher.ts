import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { anchorPendingBatches } from "./anchorPendingBatches.js";

/**
 * Runs the batcher every `intervalMs` (a batch closes at `maxBatch` records or at the next tick,
 * whichever comes first). One run at a time; a failed run is logged and retried at the next tick, and
 * its recovery step picks up whatever the failure left half done.
 */
export function startBatcher(p: { db: Database; signers: Map<number, AllianceClient>; intervalMs: number; maxBatch?: number; logger: Logger }) {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = anchorPendingBatches(p)
      .then(() => undefined)
      .catch((error) => p.logger.error({ err: error }, "batcher run failed; retrying at the next tick"))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, p.intervalMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
