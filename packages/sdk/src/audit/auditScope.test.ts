import { describe, expect, it } from "vitest";
import { BaseError } from "../errors/BaseError.js";
import { auditScopeUsed, parseAuditScope, parseAuditScopeParts } from "./auditScope.js";

describe("parseAuditScope", () => {
  it("reads each dimension's ids and ranges; a dimension left out covers everything on chain", () => {
    expect(parseAuditScope("issuers=1,2;members=3;periods=1-3")).toEqual({
      issuerIds: [1, 2],
      memberIds: [3],
      periodIds: [1, 2, 3],
    });
    expect(parseAuditScope("periods=2")).toEqual({ periodIds: [2] });
    expect(auditScopeUsed(parseAuditScope("periods=2"))).toEqual({
      issuerIds: "all",
      memberIds: "all",
      periodIds: [2],
    });
    expect(parseAuditScopeParts({ members: "4,2,2" })).toEqual({ memberIds: [2, 4] });
  });

  it("refuses what it cannot read, naming it", () => {
    for (const text of ["courses=1", "issuers", "issuers=1;issuers=2", "periods=3-1", "members=0", "members=a"]) {
      expect(() => parseAuditScope(text), text).toThrow(BaseError);
    }
  });
});
