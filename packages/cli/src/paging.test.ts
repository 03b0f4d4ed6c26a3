import { describe, expect, it } from "vitest";
import { pageFooter } from "./paging.js";

describe("pageFooter", () => {
  it("says nothing when the whole list is shown", () => {
    expect(pageFooter({ limit: 500, offset: 0, shown: 12, total: 12, totalExact: true })).toBeUndefined();
    expect(pageFooter({ limit: 500, offset: 0, shown: 0, total: 0, totalExact: true })).toBeUndefined();
  });

  it("gives the total and the next page's offset when there are more", () => {
    expect(pageFooter({ limit: 50, offset: 0, shown: 50, total: 1_234, totalExact: true })).toBe(
      "showing 1–50 of 1,234 — next page: --offset 50",
    );
    expect(pageFooter({ limit: 500, offset: 1_000, shown: 234, total: 1_234, totalExact: true })).toBe(
      "showing 1,001–1,234 of 1,234",
    );
  });

  it("reads a total the gateway stopped counting (totalExact: false) as at least", () => {
    expect(pageFooter({ limit: 500, offset: 0, shown: 500, total: 1_000, totalExact: false })).toBe(
      "showing 1–500 of 1,000+ — next page: --offset 500",
    );
    expect(pageFooter({ limit: 500, offset: 1_000, shown: 500, total: 1_000, totalExact: false })).toBe(
      "showing 1,001–1,500 of 1,500+ — next page: --offset 1500",
    );
    expect(pageFooter({ limit: 500, offset: 1_500, shown: 20, total: 1_000, totalExact: false })).toBe(
      "showing 1,501–1,520 of 1,520+",
    );
  });

  it("says when an offset is past the end", () => {
    expect(pageFooter({ limit: 50, offset: 2_000, shown: 0, total: 1_234, totalExact: true })).toBe(
      "nothing at --offset 2000 of 1,234",
    );
  });
});
