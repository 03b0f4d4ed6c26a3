import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";

import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type DeclineResourceUseParameters = {
  useId: string | bigint /** Hash of the reason (see `textHash`); non-zero. */;
  reasonHash: string;
};
export type DeclineResourceUseReturnType = { transactionHash: string };
export type DeclineResourceUseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownUse"
      | "ResourceExchangeNotHost"
      | "ResourceExchangeInvalidStatus"
      | "ResourceExchangeMissingReason"
    >
  | BaseError;

/**
 * The host declines a requested use with the hash of its reason.
 *
 * @param client - A current key of the host member.
 * @returns The transaction.
 * @example
 * declineResourceUse(client, { useId, reasonHash: textHash("lab closed for repairs") });
 */
export async function declineResourceUse(
  client: AllianceClient,
  parameters: DeclineResourceUseParameters,
): Promise<DeclineResourceUseReturnType> {
  const exchange = resourceExchangeOf(client);
  const receipt = await sendTransaction(() => exchange.declineUse(parameters.useId, parameters.reasonHash));
  return { transactionHash: receipt.hash };
}
