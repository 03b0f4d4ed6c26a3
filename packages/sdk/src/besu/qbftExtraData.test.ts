import { decodeRlp } from "ethers";
import { describe, expect, it } from "vitest";
import { encodeQbftExtraData, sortValidators } from "./qbftExtraData.js";

// Worked examples from Hyperledger Besu's documentation ("Configure QBFT consensus", genesis file
// tabs for block-header and contract validator selection).
const BESU_DOCS_VALIDATORS = [
  "0x64a702e6263b7297a96638cac6ae65e6541f4169",
  "0x3923390ad55e90c237593b3b0e401f3b08a03185",
  "0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692",
  "0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78",
];
const BESU_DOCS_EXTRA_DATA =
  "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f8549464a702e6263b7297a96638cac6ae65e6541f4169943923390ad55e90c237593b3b0e401f3b08a0318594aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce683cf93039b212648e01c6c6b78c080c0";
const BESU_DOCS_CONTRACT_SELECTION_EXTRA_DATA =
  "0xe5a00000000000000000000000000000000000000000000000000000000000000000c0c080c0";

describe("encodeQbftExtraData", () => {
  it("reproduces Besu's documented extraData byte for byte", () => {
    expect(encodeQbftExtraData(BESU_DOCS_VALIDATORS)).toBe(BESU_DOCS_EXTRA_DATA);
    expect(encodeQbftExtraData([])).toBe(BESU_DOCS_CONTRACT_SELECTION_EXTRA_DATA);
  });

  it("decodes back to the validators it was given", () => {
    const sorted = sortValidators(BESU_DOCS_VALIDATORS);
    const [vanity, validators, votes, round, seals] = decodeRlp(encodeQbftExtraData(sorted)) as [
      string,
      string[],
      string[],
      string,
      string[],
    ];
    expect(vanity).toBe(`0x${"00".repeat(32)}`);
    expect(validators).toEqual(sorted.map((v) => v.toLowerCase()));
    expect([votes, round, seals]).toEqual([[], "0x", []]);
    expect(sorted[0].toLowerCase()).toBe("0x3923390ad55e90c237593b3b0e401f3b08a03185");
  });
});
