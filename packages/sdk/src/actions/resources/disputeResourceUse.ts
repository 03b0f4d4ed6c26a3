import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type DisputeResourceUseParameters = {
  useId: string | bigint /** Hash of the reason (see `textHash`); non-zero. */;
  reasonHash: string;
};
export type DisputeResourceUseReturnType = { disputingMemberId: number; transactionHash: string };
export type DisputeResourceUseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownUse"
      | "ResourceExchangeNotParty"
      | "ResourceExchangeInvalidStatus"
      | "ResourceExchangeMissingReason"
    >
  | BaseError;

/**
 * The user (or the host) disputes a recorded delivery; the secretariat then resolves it.
 *
 * @param client - A current key of the user or host member.
 * @returns The transaction, with the fee and the period it accrued in.
 * @example
 * disputeResourceUse(client, { useId, reasonHash: textHash("two of the four days the lab was closed") });
 */
export async function disputeResourceUse(
  client: AllianceClient,
  parameters: DisputeResourceUseParameters,
): Promise<DisputeResourceUseReturnType> {
  const exchange = resourceExchangeOf(client);
  const receipt = await sendTransaction(() => exchange.disputeUse(parameters.useId, parameters.reasonHash));
  return {
    disputingMemberId: Number(eventArgs(exchange, receipt, "UseDisputed").disputingMemberId),
    transactionHash: receipt.hash,
  };
}
