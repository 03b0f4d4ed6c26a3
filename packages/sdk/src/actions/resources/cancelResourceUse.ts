import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";

import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type CancelResourceUseParameters = { useId: string | bigint };
export type CancelResourceUseReturnType = { transactionHash: string };
export type CancelResourceUseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"ResourceExchangeUnknownUse" | "ResourceExchangeNotUser" | "ResourceExchangeInvalidStatus">
  | BaseError;

/**
 * The user cancels its request before the host decides.
 *
 * @param client - A current key of the user member.
 * @returns The transaction.
 * @example
 * cancelResourceUse(client, { useId });
 */
export async function cancelResourceUse(
  client: AllianceClient,
  parameters: CancelResourceUseParameters,
): Promise<CancelResourceUseReturnType> {
  const exchange = resourceExchangeOf(client);
  const receipt = await sendTransaction(() => exchange.cancelUse(parameters.useId));
  return { transactionHash: receipt.hash };
}
