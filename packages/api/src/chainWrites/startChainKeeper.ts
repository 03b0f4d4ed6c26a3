import type { AllianceClient } from "@alliance-ledger/sdk";
import type { AbstractSigner, Provider } from "ethers";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { verifyAnchoredBatches } from "../outbox/verifyAnchoredBatches.js";
import { runPeriodically } from "../periodic.js";
import { keepChainWrites, type KeepReport } from "./keepChainWrites.js";

export interface ChainKeeperParameters {
  db: Database;
  provider: Provider;
  reader: AllianceClient;
  senders: AbstractSigner[];
  intervalMs: number;
  logger?: Logger;
}

/**
 * One pass of keeping what the gateway acknowledged on chain: anchored batches first (a lost one goes
 * back to the batcher), then every journalled write (see {@link keepChainWrites}).
 */
export function chainKeeper(p: Omit<ChainKeeperParameters, "intervalMs">) {
  return async (): Promise<KeepReport & { lostBatches: string[] }> => {
    const { lost: lostBatches } = await verifyAnchoredBatches({ db: p.db, reader: p.reader, logger: p.logger });
    return { ...(await keepChainWrites(p)), lostBatches };
  };
}

/**
 * Runs {@link chainKeeper} now and every `intervalMs`; `passNow()` runs a pass at once (after a node
 * restart). Passes never overlap: two at once could both find the same write lost and send it twice.
 */
export function startChainKeeper(p: ChainKeeperParameters) {
  const pass = chainKeeper(p);
  let last: Promise<unknown> = Promise.resolve();
  const passNow = () => {
    const next = last.then(pass, pass);
    last = next.catch(() => undefined);
    return next;
  };
  const periodic = runPeriodically("chain keeper", passNow, p.intervalMs, p.logger ?? silentLogger);
  return {
    passNow,
    async stop() {
      await periodic.stop();
      await last;
    },
  };
}

const silentLogger = { error() {}, warn() {} } as unknown as Logger;
