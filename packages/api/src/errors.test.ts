import { describe, expect, it } from "vitest";
import { contractErrors } from "@alliance-ledger/sdk";
import { contractErrorCode, DomainError, ERROR_STATUS } from "./errors.js";

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

describe("error codes", () => {
  it("are one case style, the gateway's own and the contracts' alike", () => {
    expect(Object.keys(ERROR_STATUS).filter((code) => !SNAKE_CASE.test(code))).toEqual([]);
    const contractCodes = Object.keys(contractErrors).map(contractErrorCode);
    expect(contractCodes.filter((code) => !SNAKE_CASE.test(code))).toEqual([]);
    expect(contractErrorCode("CostLedgerEntryExists")).toBe("cost_ledger_entry_exists");
    expect(contractErrorCode("ERC2771ForwarderInvalidSigner")).toBe("erc2771_forwarder_invalid_signer");
    // No contract code collides with one of the gateway's.
    expect(contractCodes.filter((code) => code in ERROR_STATUS)).toEqual([]);
  });

  it("take their HTTP status from the one table, not from whoever throws", () => {
    expect(new DomainError("not_anchored_yet", "x").status).toBe(409);
    expect(new DomainError("record_refused_by_catalog", "x").status).toBe(400);
    expect(Object.values(ERROR_STATUS).every((s) => s >= 400 && s < 600)).toBe(true);
  });
});
