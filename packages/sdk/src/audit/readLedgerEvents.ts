import { Interface, type Log, type LogDescription, type Provider } from "ethers";
import type { AllianceAddresses } from "../client/createAllianceClient.js";
import {
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
} from "../generated/typechain/index.js";

/** One decoded event, with its position in the chain (block, then log index). */
export interface LedgerEvent {
  contract: "registry" | "catalog" | "creditLedger" | "costLedger";
  name: string;
  args: LogDescription["args"];
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

export interface ReadLedgerEventsParameters {
  provider: Provider;
  addresses: AllianceAddresses;
  fromBlock?: number;
  toBlock?: number;
  /** Blocks per eth_getLogs call; nodes cap responses, so long histories are read in ranges. */
  blockRange?: number;
  onProgress?: (doneBlocks: number, totalBlocks: number, events: number) => void;
}

export interface ReadLedgerEventsReturnType {
  events: LedgerEvent[];
  fromBlock: number;
  toBlock: number;
}

const INTERFACES = {
  registry: new Interface(AllianceRegistry__factory.abi),
  catalog: new Interface(CourseCatalog__factory.abi),
  creditLedger: new Interface(CreditLedger__factory.abi),
  costLedger: new Interface(CostLedger__factory.abi),
} as const;

/**
 * Reads every event of the four alliance contracts, in chain order, with one eth_getLogs call per
 * block range for all contracts together. This is how audits and indexers see the ledger without a
 * call per record.
 */
export async function readLedgerEvents(p: ReadLedgerEventsParameters): Promise<ReadLedgerEventsReturnType> {
  const fromBlock = p.fromBlock ?? 0;
  const toBlock = p.toBlock ?? (await p.provider.getBlockNumber());
  const range = p.blockRange ?? 5_000;
  const byAddress = new Map<string, keyof typeof INTERFACES>(
    (Object.keys(INTERFACES) as Array<keyof typeof INTERFACES>).map((k) => [p.addresses[k].toLowerCase(), k]),
  );
  const events: LedgerEvent[] = [];
  for (let start = fromBlock; start <= toBlock; start += range) {
    const end = Math.min(start + range - 1, toBlock);
    const logs: Log[] = await p.provider.getLogs({ address: [...byAddress.keys()], fromBlock: start, toBlock: end });
    for (const log of logs) {
      const contract = byAddress.get(log.address.toLowerCase());
      if (!contract) continue;
      const parsed = INTERFACES[contract].parseLog(log);
      if (!parsed) continue;
      events.push({ contract, name: parsed.name, args: parsed.args, blockNumber: log.blockNumber, logIndex: log.index, transactionHash: log.transactionHash });
    }
    p.onProgress?.(end - fromBlock + 1, toBlock - fromBlock + 1, events.length);
  }
  // getLogs returns each range in order; ranges are read in order, so events are in chain order.
  return { events, fromBlock, toBlock };
}
