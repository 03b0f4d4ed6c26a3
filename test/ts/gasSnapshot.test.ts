import { describe, expect, it } from "vitest";
import { diffSnapshots, formatSnapshot, toSnapshot } from "../../scripts/gas-snapshot/snapshot.js";

const stats = (gas: number, count = 1) => ({ min: gas, max: gas, avg: gas, median: gas, count });

const report = {
  contracts: {
    "contracts/CostLedger.sol:CostLedger": {
      sourceName: "contracts/CostLedger.sol",
      contractName: "CostLedger",
      proxyChain: [],
      deployment: { ...stats(4_000_000), runtimeSize: 19_000 },
      functions: { openPeriod: stats(90_000, 3), closePeriod: { min: 1, max: 3, avg: 2, median: 2, count: 2 } },
    },
    "test/fuzz/CostLedgerTotals.t.sol:EntryHandler": {
      sourceName: "test/fuzz/CostLedgerTotals.t.sol",
      contractName: "EntryHandler",
      proxyChain: [],
      deployment: stats(1_000_000),
      functions: { claim: stats(50_000) },
    },
    "contracts/AllianceRegistry.sol:AllianceRegistry": {
      sourceName: "contracts/AllianceRegistry.sol",
      contractName: "AllianceRegistry",
      proxyChain: [],
      deployment: null,
      functions: { approve: stats(150_000, 9) },
    },
  },
};

describe("toSnapshot", () => {
  it("keeps the contracts under contracts/, sorted, with each deployment by bytecode size, not gas", () => {
    const snapshot = toSnapshot(report);
    expect(Object.keys(snapshot)).toEqual(["AllianceRegistry", "CostLedger"]);
    expect(Object.keys(snapshot.CostLedger)).toEqual(["(deployment)", "closePeriod", "openPeriod"]);
    expect(snapshot.CostLedger.closePeriod).toEqual({ calls: 2, min: 1, avg: 2, median: 2, max: 3 });
    expect(snapshot.CostLedger["(deployment)"]).toEqual({ calls: 1, runtimeSize: 19_000 });
    expect(Object.keys(snapshot.AllianceRegistry)).toEqual(["approve"]);
  });
});

describe("formatSnapshot", () => {
  it("writes JSON that reads back as the snapshot, one line per function", () => {
    const snapshot = toSnapshot(report);
    const text = formatSnapshot(snapshot);
    expect(JSON.parse(text)).toEqual(snapshot);
    expect(text).toContain(
      '    "approve": { "calls": 9, "min": 150000, "avg": 150000, "median": 150000, "max": 150000 }',
    );
  });
});

describe("diffSnapshots", () => {
  it("names each function whose gas changed, old → new, and functions added or no longer called", () => {
    const committed = toSnapshot(report);
    const measured = structuredClone(committed);
    measured.CostLedger.openPeriod = { ...measured.CostLedger.openPeriod, max: 90_012, avg: 90_004 };
    delete (measured.CostLedger as Record<string, unknown>).closePeriod;
    measured.AllianceRegistry.propose = { calls: 1, min: 7, avg: 7, median: 7, max: 7 };
    measured.AllianceRegistry["(deployment)"] = { calls: 1, runtimeSize: 9 };
    expect(diffSnapshots(committed, measured)).toEqual([
      "AllianceRegistry.(deployment): new (calls 1, runtimeSize 9)",
      "AllianceRegistry.propose: new (calls 1, min 7, avg 7, median 7, max 7)",
      "CostLedger.closePeriod: no longer called (was calls 2, min 1, avg 2, median 2, max 3)",
      "CostLedger.openPeriod: avg 90000 → 90004, max 90000 → 90012",
    ]);
    expect(diffSnapshots(committed, toSnapshot(report))).toEqual([]);
  });
});
