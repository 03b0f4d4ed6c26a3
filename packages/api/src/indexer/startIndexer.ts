import type { Provider } from "ethers";
import type { AllianceAddresses } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { indexChain } from "./indexChain.js";

/** Follows the chain every `intervalMs`; one run at a time; failures are logged and retried. */
export function startIndexer(p: { db: Database; provider: Provider; addresses: AllianceAddresses; intervalMs: number; logger: Logger }) {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = indexChain(p)
      .then(() => undefined)
      .catch((error) => p.logger.error({ err: error }, "indexer run failed; retrying at the next tick"))
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
