import { getAddress, Interface, ZeroHash, type EventFragment, type ParamType, type Provider } from "ethers";
import type { AllianceAddresses } from "../client/createAllianceClient.js";
import { unpackRecognition } from "../actions/credits/recognitionEvent.js";
import { DEFAULT_BLOCK_RANGE, readSplitting } from "../node/logRanges.js";
import {
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
  ResourceExchange__factory,
} from "../generated/typechain/index.js";

/** One decoded event, with its position in the chain (block, then log index). */
export interface LedgerEvent {
  contract: "registry" | "catalog" | "creditLedger" | "costLedger" | "resourceExchange";
  name: string;
  /** Arguments by name (numbers as bigint, as ethers decodes them). */
  // biome-ignore lint/suspicious/noExplicitAny: each event names its own argument types; readers narrow them where the event is known
  args: Record<string, any>;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

export interface ReadLedgerEventsParameters {
  provider: Provider;
  addresses: AllianceAddresses;
  fromBlock?: number;
  toBlock?: number;
  /** Blocks per eth_getLogs call; nodes cap responses, so long histories are read in ranges (halved when refused). */
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
  resourceExchange: new Interface(ResourceExchange__factory.abi),
} as const;
type ContractName = keyof typeof INTERFACES;

/**
 * contract -> topic0 -> event fragment, computed once. ethers' parseLog recomputes every fragment's
 * topic hash on each call, which made reading 100,000s of events take minutes.
 */
const FRAGMENTS = new Map<ContractName, Map<string, EventFragment>>(
  (Object.keys(INTERFACES) as ContractName[]).map((name) => {
    const byTopic = new Map<string, EventFragment>();
    INTERFACES[name].forEachEvent((fragment) => byTopic.set(fragment.topicHash, fragment));
    return [name, byTopic];
  }),
);

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string | number;
  logIndex?: string | number;
  index?: number;
  transactionHash: string;
}

/** Ranges a read is cut into at least, and requests kept in flight. */
const MIN_RANGES = 8;
const IN_FLIGHT = 3;

/**
 * Raw logs straight from the node's URL when the provider is a JSON-RPC provider: ethers' own request
 * path and per-log objects cost ~100 µs a log, which dominates an audit of 100,000s of records.
 */
async function fetchLogs(
  provider: Provider,
  filter: { address: string[]; fromBlock: number; toBlock: number },
): Promise<RawLog[]> {
  const url = (provider as { _getConnection?: () => { url: string } })._getConnection?.().url;
  if (url?.startsWith("http")) {
    const hex = (n: number) => `0x${n.toString(16)}`;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getLogs",
        params: [{ address: filter.address, fromBlock: hex(filter.fromBlock), toBlock: hex(filter.toBlock) }],
      }),
    });
    const body = (await response.json()) as { result?: RawLog[]; error?: { message: string; code?: number } };
    if (!body.result) {
      // The node's own error stays attached: a refused range is told apart from a node that is down.
      throw Object.assign(new Error(`eth_getLogs failed: ${body.error?.message ?? response.statusText}`), {
        error: body.error,
      });
    }
    return body.result;
  }
  return (await provider.getLogs(filter)).map((l) => ({ ...l, topics: [...l.topics], logIndex: l.index }));
}

/** A decoder for events whose parameters are all static elementary types: 32-byte words sliced directly. */
function staticDecoder(
  fragment: EventFragment,
): ((topics: string[], data: string) => Record<string, unknown>) | undefined {
  const word = (type: ParamType) => {
    if (type.type === "address") return (w: string) => getAddress(`0x${w.slice(24)}`);
    if (type.type === "bool") return (w: string) => w.endsWith("1");
    if (type.type === "bytes32") return (w: string) => `0x${w}`;
    if (/^uint\d+$/.test(type.type)) return (w: string) => BigInt(`0x${w}`);
    if (/^int\d+$/.test(type.type)) return (w: string) => BigInt.asIntN(256, BigInt(`0x${w}`));
    return undefined; // arrays, tuples, strings, bytes: decoded by ethers
  };
  const readers = fragment.inputs.map((input) => ({ input, read: word(input) }));
  if (readers.some((r) => !r.read)) return undefined;
  return (topics, data) => {
    const args: Record<string, unknown> = {};
    let topic = 1;
    let offset = 2;
    for (const { input, read } of readers) {
      if (input.indexed) args[input.name] = read!(topics[topic++].slice(2));
      else {
        args[input.name] = read!(data.slice(offset, offset + 64));
        offset += 64;
      }
    }
    return args;
  };
}

const DECODERS = new Map<EventFragment, (topics: string[], data: string) => Record<string, unknown>>();
for (const [contract, byTopic] of FRAGMENTS) {
  for (const fragment of byTopic.values()) {
    const fast = staticDecoder(fragment);
    const iface = INTERFACES[contract];
    DECODERS.set(fragment, fast ?? ((topics, data) => iface.decodeEventLog(fragment, data, topics)));
  }
}

/**
 * Reads every event of the alliance contracts (the resource exchange when the deployment has one), in chain order, with one eth_getLogs call per
 * block range for all contracts together. This is how audits and indexers see the ledger without a
 * call per record.
 */
export async function readLedgerEvents(p: ReadLedgerEventsParameters): Promise<ReadLedgerEventsReturnType> {
  const fromBlock = p.fromBlock ?? 0;
  const toBlock = p.toBlock ?? (await p.provider.getBlockNumber());
  const range = p.blockRange ?? DEFAULT_BLOCK_RANGE;
  // A deployment made before the resource exchange existed has none.
  const byAddress = new Map<string, ContractName>(
    (Object.keys(INTERFACES) as ContractName[]).flatMap((k) => {
      const address = p.addresses[k];
      return address ? [[address.toLowerCase(), k] as [string, ContractName]] : [];
    }),
  );
  const events: LedgerEvent[] = [];
  // A conversion's references come in their own event, earlier in the same transaction than its decision
  // (the contract emits every decision after the fees are accrued): paired by transaction and leaf.
  let conversionsTx = "";
  const conversions = new Map<string, { localCourseRef: unknown; conversionRuleRef: unknown }>();
  // At least a few ranges, each at most `range` blocks, with several requests in flight: the node builds
  // the next ranges' answers while this process parses and decodes the current one.
  const span = toBlock - fromBlock + 1;
  const step = Math.max(1, Math.min(range, Math.ceil(span / MIN_RANGES)));
  const ranges: Array<[number, number]> = [];
  for (let start = fromBlock; start <= toBlock; start += step)
    ranges.push([start, Math.min(start + step - 1, toBlock)]);
  const inFlight: Array<Promise<RawLog[]> | undefined> = [];
  const request = (k: number) => {
    const [from, to] = ranges[k];
    const address = [...byAddress.keys()];
    const pending = readSplitting(
      (fromBlock, toBlock) => fetchLogs(p.provider, { address, fromBlock, toBlock }),
      from,
      to,
    );
    pending.catch(() => undefined); // awaited in order below; a failure surfaces there, never unhandled
    inFlight[k] = pending;
  };
  for (let k = 0; k < ranges.length; k++) {
    for (let next = inFlight.length; next < Math.min(ranges.length, k + IN_FLIGHT); next++) request(next);
    const logs = await inFlight[k]!;
    inFlight[k] = undefined;
    const end = ranges[k][1];
    for (const log of logs) {
      const contract = byAddress.get(log.address.toLowerCase());
      const fragment = contract && FRAGMENTS.get(contract)!.get(log.topics[0]);
      if (!contract || !fragment) continue;
      const args = DECODERS.get(fragment)!(log.topics, log.data);
      if (log.transactionHash !== conversionsTx) {
        conversionsTx = log.transactionHash;
        conversions.clear();
      }
      if (fragment.name === "RecognitionConverted") {
        conversions.set(String(args.leaf), {
          localCourseRef: args.localCourseRef,
          conversionRuleRef: args.conversionRuleRef,
        });
        continue;
      }
      if (fragment.name === "RecognitionDecided") {
        // One event per decision, its small fields packed in one word: readers get them by name.
        Object.assign(
          args,
          unpackRecognition(BigInt(args.packed as bigint)),
          { localCourseRef: ZeroHash, conversionRuleRef: ZeroHash },
          conversions.get(String(args.leaf)),
        );
      }
      events.push({
        contract,
        name: fragment.name,
        args,
        blockNumber: Number(log.blockNumber),
        logIndex: Number(log.logIndex ?? log.index),
        transactionHash: log.transactionHash,
      });
    }
    p.onProgress?.(end - fromBlock + 1, toBlock - fromBlock + 1, events.length);
  }
  // getLogs returns each range in order; ranges are read in order, so events are in chain order.
  return { events, fromBlock, toBlock };
}
