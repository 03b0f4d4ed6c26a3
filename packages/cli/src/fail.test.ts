import { describe, expect, it } from "vitest";
import { failureText, wantsJson } from "./fail.js";

describe("failures", () => {
  it("knows --json from the command line, up to a --", () => {
    expect(wantsJson(["--json", "members", "list"])).toBe(true);
    expect(wantsJson(["members", "list", "--json"])).toBe(true);
    expect(wantsJson(["attest", "--", "--json"])).toBe(false);
  });

  it("is one JSON object {error: {code, message, details}} with --json", () => {
    const failure = {
      code: "invalid_csv",
      message: "Some CSV cells are not valid",
      headline: "roster.csv: Some CSV cells are not valid",
      details: [{ row: 12, column: "credits" }],
      detailLines: ["line 12, column credits"],
      hints: ["fix it"],
    };
    expect(JSON.parse(failureText(failure, true))).toEqual({
      error: {
        code: "invalid_csv",
        message: "Some CSV cells are not valid",
        details: [{ row: 12, column: "credits" }],
      },
    });
    expect(failureText(failure, false)).toBe(
      "roster.csv: Some CSV cells are not valid\n  line 12, column credits\n  fix it",
    );
    expect(failureText({ code: "x", message: "m", details: [{ a: 1, b: { c: 2 } }, "text"] }, false)).toBe(
      'm\n  a=1, b={"c":2}\n  text',
    );
  });
});
