import { describe, expect, it } from "vitest";
import { findLog, isLogRangeRefusal, readLogsInRanges, readSplitting } from "./logRanges.js";

/** Besu's answer to a span above --rpc-max-logs-range, as ethers' JsonRpcProvider surfaces it. */
const besuRefusal = () =>
  Object.assign(new Error("could not coalesce error"), {
    error: { code: -32005, message: "Requested range exceeds maximum RPC range limit" },
  });

/** A node holding one log per block in `blocks` that refuses spans above `cap` blocks; it counts calls. */
function cappedNode(blocks: number[], cap: number) {
  const calls: Array<[number, number]> = [];
  const read = async (from: number, to: number) => {
    calls.push([from, to]);
    if (to - from + 1 > cap) throw besuRefusal();
    return blocks.filter((b) => b >= from && b <= to);
  };
  return { read, calls };
}

describe("isLogRangeRefusal", () => {
  it("knows the limits nodes answer with, and nothing else", () => {
    expect(isLogRangeRefusal(besuRefusal())).toBe(true);
    expect(isLogRangeRefusal(new Error("query returned more than 10000 results"))).toBe(true);
    expect(isLogRangeRefusal({ code: -32005, message: "limit exceeded" })).toBe(true);
    expect(isLogRangeRefusal(new Error("connect ECONNREFUSED 127.0.0.1:8545"))).toBe(false);
    expect(isLogRangeRefusal(undefined)).toBe(false);
  });
});

describe("readSplitting", () => {
  it("halves a refused span until the node answers, keeping chain order", async () => {
    const node = cappedNode([0, 5, 99, 100, 250, 999], 300);
    expect(await readSplitting(node.read, 0, 999)).toEqual([0, 5, 99, 100, 250, 999]);
    expect(node.calls.filter(([f, t]) => t - f + 1 <= 300).length).toBe(4);
  });

  it("passes on an error that is not a refusal, and a refused single block", async () => {
    const down = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    await expect(readSplitting(down, 0, 10)).rejects.toThrow(/ECONNREFUSED/);
    await expect(readSplitting(cappedNode([], 0).read, 7, 7)).rejects.toThrow(/could not coalesce/);
  });
});

describe("reading a long chain in ranges", () => {
  const blocks = [3, 4_999, 5_000, 12_345, 40_000];

  it("reads every log of a span far above the node's cap", async () => {
    const node = cappedNode(blocks, 1_000);
    expect(await readLogsInRanges(node.read, 0, 40_000)).toEqual(blocks);
    expect(node.calls.every(([f, t]) => f <= t && t <= 40_000)).toBe(true);
  });

  it("finds the first match reading forward and stops at its range", async () => {
    const node = cappedNode(blocks, 10_000);
    expect(await findLog(node.read, 4_000, 40_000, (b) => b >= 5_000)).toBe(5_000);
    expect(node.calls).toEqual([[4_000, 8_999]]);
  });

  it("finds the last match reading back from the head and stops at its range", async () => {
    const node = cappedNode(blocks, 10_000);
    expect(await findLog(node.read, 0, 40_000, (b) => b < 40_000, { last: true })).toBe(12_345);
    expect(node.calls).toEqual([
      [35_001, 40_000],
      [30_001, 35_000],
      [25_001, 30_000],
      [20_001, 25_000],
      [15_001, 20_000],
      [10_001, 15_000],
    ]);
    expect(await findLog(node.read, 0, 40_000, (b) => b === 1, { last: true })).toBeUndefined();
  });
});
