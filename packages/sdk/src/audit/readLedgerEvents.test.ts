import { hexlify, Interface, type ParamType, type Provider } from "ethers";
import { describe, expect, it } from "vitest";
import type { AllianceAddresses } from "../client/createAllianceClient.js";
import {
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
} from "../generated/typechain/index.js";
import { unpackRecognition } from "../actions/credits/recognitionEvent.js";
import { readLedgerEvents } from "./readLedgerEvents.js";

const CONTRACTS = {
  registry: new Interface(AllianceRegistry__factory.abi),
  catalog: new Interface(CourseCatalog__factory.abi),
  creditLedger: new Interface(CreditLedger__factory.abi),
  costLedger: new Interface(CostLedger__factory.abi),
} as const;
const addresses = Object.fromEntries(
  Object.keys(CONTRACTS).map((name, i) => [name, `0x${String(i + 1).repeat(40)}`]),
) as unknown as AllianceAddresses;

/** A distinct, type-correct value for every parameter, so a misplaced word shows as a wrong value. */
let seed = 0;
function valueFor(type: ParamType): unknown {
  seed += 1;
  if (type.baseType === "array") return [valueFor(type.arrayChildren!), valueFor(type.arrayChildren!)];
  if (type.baseType === "tuple") return type.components!.map(valueFor);
  if (type.type === "address") return `0x${seed.toString(16).padStart(40, "0")}`;
  if (type.type === "bool") return seed % 2 === 0;
  if (type.type === "string") return `text ${seed}`;
  if (type.type === "bytes") return hexlify(new Uint8Array([seed, seed + 1]));
  const bytes = /^bytes(\d+)$/.exec(type.type);
  if (bytes) return `0x${(seed % 256).toString(16).padStart(2, "0").repeat(Number(bytes[1]))}`;
  const int = /^(u?)int(\d+)$/.exec(type.type)!;
  const bits = BigInt(int[2]);
  // Near the type's top, so a word read at the wrong width or sign is caught.
  return int[1] === "u" ? (1n << bits) - BigInt(seed) : -(1n << (bits - 1n)) + BigInt(seed);
}

describe("readLedgerEvents", () => {
  it("decodes every event of the four contracts' current ABI exactly as ethers does, by sliced words or by ethers", async () => {
    const logs: Array<{
      address: string;
      topics: string[];
      data: string;
      blockNumber: number;
      index: number;
      transactionHash: string;
    }> = [];
    const expected: Array<{ contract: string; name: string; args: Record<string, unknown> }> = [];
    for (const [contract, iface] of Object.entries(CONTRACTS)) {
      iface.forEachEvent((fragment) => {
        const values = fragment.inputs.map(valueFor);
        const { data, topics } = iface.encodeEventLog(fragment, values);
        logs.push({
          address: addresses[contract as keyof typeof CONTRACTS],
          topics,
          data,
          blockNumber: 1,
          index: logs.length,
          transactionHash: "0x01",
        });
        const decoded = iface.decodeEventLog(fragment, data, topics);
        expected.push({
          contract,
          name: fragment.name,
          args: Object.fromEntries(fragment.inputs.map((input, i) => [input.name, decoded[i]])),
        });
      });
    }
    // As a node answers eth_getLogs: only the logs of the blocks asked for.
    const provider = {
      getBlockNumber: async () => 1,
      getLogs: async (f: { fromBlock: number; toBlock: number }) =>
        logs.filter((l) => l.blockNumber >= f.fromBlock && l.blockNumber <= f.toBlock),
    } as unknown as Provider;
    const { events } = await readLedgerEvents({ provider, addresses });
    // A conversion's references are merged into the decision that follows it, not listed on their own.
    const listed = expected.filter((e) => e.name !== "RecognitionConverted");
    expect(events.map((e) => `${e.contract}.${e.name}`)).toEqual(listed.map((e) => `${e.contract}.${e.name}`));
    // The events the audit replays, with the layouts of the reworked contracts.
    expect(events.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "RecognitionDecided",
        "RecognitionFeeReversed",
        "AttestationRevoked",
        "AttestationSuperseded",
        "CourseTierChanged",
        "CharterAmended",
        "RoleChangeProposed",
        "KeyRecoveryProposed",
        "BootstrapCompleted",
        "EntryClaimed",
      ]),
    );
    const plain = (v: unknown): unknown => (Array.isArray(v) ? [...v].map(plain) : v);
    events.forEach((e, i) => {
      for (const [name, value] of Object.entries(listed[i].args))
        expect([e.name, name, plain(e.args[name])]).toEqual([e.name, name, plain(value)]);
    });
    const revoked = events.find((e) => e.name === "AttestationRevoked")!;
    expect(Object.keys(revoked.args)).toEqual(["leaf", "root", "issuerId", "index", "reasonCode"]);
    const decided = events.find((e) => e.name === "RecognitionDecided")!;
    // The packed word is unpacked into named fields; the conversion's references come from the event before.
    expect(Object.keys(decided.args)).toEqual([
      "leaf",
      "homeId",
      "issuerId",
      "batchRoot",
      "packed",
      "index",
      "decision",
      "recognisedCredits",
      "rejectReason",
      "feeAccrued",
      "feePeriodId",
      "localCourseRef",
      "conversionRuleRef",
    ]);
    // Here the conversion event before it names another leaf, so nothing is merged.
    expect(decided.args).toMatchObject({
      ...unpackRecognition(BigInt(decided.args.packed as bigint)),
      localCourseRef: `0x${"00".repeat(32)}`,
    });
  });
});
