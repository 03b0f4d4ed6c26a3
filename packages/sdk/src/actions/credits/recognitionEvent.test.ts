import { describe, expect, it } from "vitest";
import { packRecognition, unpackRecognition } from "./recognitionEvent.js";

describe("unpackRecognition", () => {
  it("reads back every field packRecognition packs, at their widths' limits", () => {
    const fields = {
      index: 2 ** 32 - 1,
      decision: 3,
      recognisedCredits: 250,
      rejectReason: 2 ** 16 - 1,
      feeAccrued: 2n ** 64n - 1n,
      feePeriodId: 7,
    };
    expect(unpackRecognition(packRecognition(fields))).toEqual(fields);
    expect(unpackRecognition(0n)).toEqual({
      index: 0,
      decision: 0,
      recognisedCredits: 0,
      rejectReason: 0,
      feeAccrued: 0n,
      feePeriodId: 0,
    });
  });
});
