import { describe, expect, it } from "vitest";
import {
  creditsFromHundredths,
  currencyDigits,
  formatAmount,
  formatBps,
  formatCredits,
  formatMoney,
  groupThousands,
} from "./units.js";

describe("units", () => {
  it("groups thousands", () => {
    expect([0, 999, 1_000, 1_234_567, -1_234].map(groupThousands)).toEqual([
      "0",
      "999",
      "1,000",
      "1,234,567",
      "-1,234",
    ]);
  });

  it("writes the ledger's hundredths of a credit as on a transcript", () => {
    expect([250, 300, 225, 5, 0, 100_000].map(creditsFromHundredths)).toEqual([
      "2.5",
      "3",
      "2.25",
      "0.05",
      "0",
      "1000",
    ]);
    expect([2.5, 3, 0.29, 1.15, "2.50"].map(formatCredits)).toEqual(["2.5", "3", "0.29", "1.15", "2.5"]);
  });

  it("writes minor units in the period's currency, exactly, with thousands separators", () => {
    expect(formatMoney("171345600", "CNY")).toBe("CNY 1,713,456.00");
    expect(formatAmount("171345600", "CNY")).toBe("1,713,456.00");
    expect(formatAmount("5", "CNY")).toBe("0.05");
    expect(formatAmount("-123456", "CNY")).toBe("-1,234.56");
    // Past 2^53 a float would round; BigInt does not.
    expect(formatMoney("123456789012345678901", "CNY")).toBe("CNY 1,234,567,890,123,456,789.01");
    expect(formatMoney(9_007_199_254_740_993n, "USD")).toBe("USD 90,071,992,547,409.93");
    // A currency's own minor unit (ISO 4217): yen have none.
    expect([currencyDigits("CNY"), currencyDigits("JPY")]).toEqual([2, 0]);
    expect(formatMoney("1713456", "JPY")).toBe("JPY 1,713,456");
    // Unknown currency: the amount stays in minor units rather than guessing.
    expect(formatMoney("1000000", undefined)).toBe("1,000,000 minor units");
    expect(formatAmount("12345")).toBe("123.45");
    expect(formatAmount("n/a", "CNY")).toBe("n/a");
  });

  it("writes basis points as a percentage", () => {
    expect([4_000, 3_333, 10_000, 5].map(formatBps)).toEqual(["40.00%", "33.33%", "100.00%", "0.05%"]);
  });
});
