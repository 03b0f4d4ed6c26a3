import { id } from "ethers";
import { describe, expect, expectTypeOf, it } from "vitest";
import { allianceErrorsInterface, contractErrors, decodeContractError } from "../errors/contractErrors.js";
import type { ContractErrorType } from "./contractErrorType.js";

describe("ContractErrorType", () => {
  it("is the decoded error's type, its name checked at compile time", () => {
    const data = allianceErrorsInterface.encodeErrorResult("CostLedgerDuplicatePayment", [id("ref"), 7n]);
    const error = decodeContractError({ data });
    expect(error).toBeInstanceOf(contractErrors.CostLedgerDuplicatePayment);
    const refusal = error as ContractErrorType<"CostLedgerDuplicatePayment">;
    expect(refusal.errorName).toBe("CostLedgerDuplicatePayment");
    expectTypeOf(refusal.errorName).toEqualTypeOf<"CostLedgerDuplicatePayment">();
    // @ts-expect-error a misspelt error name does not compile
    expectTypeOf<ContractErrorType<"CostLedgerDuplicatePaymnet">>().not.toBeNever();
  });
});
