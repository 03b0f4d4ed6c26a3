import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";

import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type RecordResourceDeliveryParameters = {
  useId: string | bigint;
  /** 0 to the accepted quantity. */
  deliveredQuantity: number;
  /** Hash of the delivery record (a timesheet, a sign-off sheet); non-zero. */
  deliveryHash: string;
};
export type RecordResourceDeliveryReturnType = { transactionHash: string };
export type RecordResourceDeliveryErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownUse"
      | "ResourceExchangeNotHost"
      | "ResourceExchangeInvalidStatus"
      | "ResourceExchangeInvalidQuantity"
      | "ResourceExchangeMissingReason"
    >
  | BaseError;

/**
 * After the use, the host records what it delivered; the accepted quantity no longer counts against capacity.
 *
 * @param client - A current key of the host member.
 * @returns The transaction.
 * @example
 * recordResourceDelivery(client, { useId, deliveredQuantity: 2, deliveryHash });
 */
export async function recordResourceDelivery(
  client: AllianceClient,
  parameters: RecordResourceDeliveryParameters,
): Promise<RecordResourceDeliveryReturnType> {
  const exchange = resourceExchangeOf(client);
  const { useId, deliveredQuantity, deliveryHash } = parameters;
  const receipt = await sendTransaction(() => exchange.recordDelivery(useId, deliveredQuantity, deliveryHash));
  return { transactionHash: receipt.hash };
}
