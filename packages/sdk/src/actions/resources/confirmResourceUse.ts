import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type ConfirmResourceUseParameters = { useId: string | bigint };
export type ConfirmResourceUseReturnType = {
  billedQuantity: number;
  /** Payable by the user, receivable by the host, in minor units. */
  fee: bigint;
  /** The period the fee accrued in; 0 for a zero fee. */
  periodId: number;
  transactionHash: string;
};
export type ConfirmResourceUseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownUse"
      | "ResourceExchangeNotUser"
      | "ResourceExchangeInvalidStatus"
      | "CostLedgerNoOpenPeriod"
      | "CostLedgerMemberNotInPeriod"
    >
  | BaseError;

/**
 * The user confirms the delivery; its fee accrues into the open period like a course fee.
 *
 * @param client - A current key of the user member.
 * @returns The transaction, with the fee and the period it accrued in.
 * @example
 * confirmResourceUse(client, { useId });
 */
export async function confirmResourceUse(
  client: AllianceClient,
  parameters: ConfirmResourceUseParameters,
): Promise<ConfirmResourceUseReturnType> {
  const exchange = resourceExchangeOf(client);
  const receipt = await sendTransaction(() => exchange.confirmUse(parameters.useId));
  const a = eventArgs(exchange, receipt, "UseConfirmed");
  return {
    billedQuantity: Number(a.billedQuantity),
    fee: BigInt(a.fee),
    periodId: Number(a.periodId),
    transactionHash: receipt.hash,
  };
}
