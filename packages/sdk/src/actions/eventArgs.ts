import type { BaseContract, ContractTransactionReceipt } from "ethers";
import { BaseError } from "../errors/BaseError.js";

/** The arguments of the first `eventName` that `contract` emitted in `receipt`. */
export function eventArgs(contract: BaseContract, receipt: ContractTransactionReceipt, eventName: string) {
  for (const log of receipt.logs) {
    const parsed = contract.interface.parseLog(log);
    if (parsed?.name === eventName) return parsed.args;
  }
  throw new BaseError(`The transaction emitted no ${eventName} event.`, { details: [`hash ${receipt.hash}`] });
}
