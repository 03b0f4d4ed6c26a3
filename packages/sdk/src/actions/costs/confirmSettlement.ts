import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export type ConfirmSettlementParameters = { settlementId: bigint };
export type ConfirmSettlementReturnType = { transactionHash: string };
export type ConfirmSettlementErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"CostLedgerUnknownSettlement" | "CostLedgerSettlementConfirmed" | "CostLedgerNotPayee">
  | BaseError;

/**
 * The payee confirms a settlement payment arrived.
 *
 * @param client - A current key of the settlement's payee.
 * @param parameters - The settlement (`recordSettlement`'s `settlementId`).
 * @returns The transaction.
 * @example
 * await confirmSettlement(payee, { settlementId });
 */
export async function confirmSettlement(
  client: AllianceClient,
  parameters: ConfirmSettlementParameters,
): Promise<ConfirmSettlementReturnType> {
  const receipt = await sendTransaction(() => client.costLedger.confirmSettlement(parameters.settlementId));
  return { transactionHash: receipt.hash };
}
