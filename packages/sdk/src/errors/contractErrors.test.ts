import { Interface } from "ethers";
import { describe, expect, it } from "vitest";
import { CostLedger__factory, CreditLedger__factory } from "../generated/typechain/index.js";
import { BaseError } from "./BaseError.js";
import {
  allianceErrorsInterface,
  ContractRevertedError,
  contractErrors,
  decodeContractError,
} from "./contractErrors.js";

describe("contractErrors", () => {
  it("has one named class per custom error in the contracts' ABIs", () => {
    const names = new Set<string>();
    allianceErrorsInterface.forEachError((f) => names.add(f.name));
    expect(Object.keys(contractErrors).sort()).toEqual([...names].sort());
    expect(names.has("CostLedgerEntryExists")).toBe(true);
    expect(contractErrors.CostLedgerEntryExists.name).toBe("CostLedgerEntryExistsError");
  });

  it("decodes a revert into the named error with its arguments and a pointer to its documentation", () => {
    const entryId = `0x${"ab".repeat(32)}`;
    const data = new Interface(CostLedger__factory.abi).encodeErrorResult("CostLedgerEntryExists", [entryId]);
    const decoded = decodeContractError(Object.assign(new Error("execution reverted"), { data }));
    expect(decoded).toBeInstanceOf(contractErrors.CostLedgerEntryExists);
    expect(decoded).toBeInstanceOf(ContractRevertedError);
    expect(decoded).toBeInstanceOf(BaseError);
    expect(decoded).not.toBeInstanceOf(contractErrors.CreditLedgerRevoked);
    expect((decoded as ContractRevertedError).args).toEqual({ entryId });
    expect((decoded as ContractRevertedError).message).toContain("contracts/interfaces/ICostLedger.sol");
    // Nested the way providers wrap it, too.
    const nested = new Interface(CreditLedger__factory.abi).encodeErrorResult("CreditLedgerEmptyBatch", []);
    expect(decodeContractError({ info: { error: { data: nested } } })).toBeInstanceOf(
      contractErrors.CreditLedgerEmptyBatch,
    );
  });

  it("leaves an error without revert data as it is", () => {
    const plain = new Error("connection refused");
    expect(decodeContractError(plain)).toBe(plain);
  });

  it("is typed by name: a misspelt error does not compile", () => {
    // @ts-expect-error there is no CostLedgerEntryExist (the name ends in Exists); tsc fails if this ever compiles
    expect(contractErrors.CostLedgerEntryExist).toBeUndefined();
  });
});
