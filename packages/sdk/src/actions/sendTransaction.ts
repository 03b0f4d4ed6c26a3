import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { BaseError } from "../errors/BaseError.js";
import { withDecodedErrors } from "../errors/contractErrors.js";

/**
 * Sends a contract transaction, waits for its receipt and decodes a revert into a named contract
 * error. Every write action goes through here.
 */
export async function sendTransaction(
  send: () => Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  return withDecodedErrors(async () => {
    const response = await send();
    const receipt = await response.wait();
    if (!receipt)
      throw new BaseError("The transaction was dropped before it was mined.", { details: [`hash ${response.hash}`] });
    return receipt;
  });
}
