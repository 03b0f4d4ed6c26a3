import type { Logger } from "pino";
import { loggableError } from "./errors.js";

/**
 * Runs `task` now and every `intervalMs`, one run at a time; a failed run is logged and the next tick
 * retries. `stop()` waits for a run in progress. Used by the batcher and the indexer.
 */
export function runPeriodically(name: string, task: () => Promise<unknown>, intervalMs: number, logger: Logger) {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = task()
      .then(() => undefined)
      .catch((error) => logger.error({ err: loggableError(error) }, `${name} run failed; retrying at the next tick`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
