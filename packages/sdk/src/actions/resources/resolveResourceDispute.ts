import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { MissingRoleErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type ResolveResourceDisputeParameters = {
  useId: string | bigint;
  /** The final quantity billed: 0 to the delivered quantity. */
  resolvedQuantity: number;
  /** Hash of the secretariat's reasons; non-zero. */
  reasonHash: string;
};
export type ResolveResourceDisputeReturnType = { fee: bigint; periodId: number; transactionHash: string };
export type ResolveResourceDisputeErrorType =
  | MissingRoleErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownUse"
      | "ResourceExchangeResolverIsParty"
      | "ResourceExchangeInvalidStatus"
      | "ResourceExchangeInvalidQuantity"
      | "ResourceExchangeMissingReason"
      | "CostLedgerNoOpenPeriod"
      | "CostLedgerMemberNotInPeriod"
    >
  | BaseError;

/**
 * The secretariat resolves a dispute, finally, with the quantity billed; the fee accrues into the open period.
 *
 * @param client - A secretariat key that is no key of the user or the host.
 * @returns The transaction, with the fee and the period it accrued in.
 * @example
 * resolveResourceDispute(client, { useId, resolvedQuantity: 1, reasonHash });
 */
export async function resolveResourceDispute(
  client: AllianceClient,
  parameters: ResolveResourceDisputeParameters,
): Promise<ResolveResourceDisputeReturnType> {
  const exchange = resourceExchangeOf(client);
  const { useId, resolvedQuantity, reasonHash } = parameters;
  const receipt = await sendTransaction(() => exchange.resolveDispute(useId, resolvedQuantity, reasonHash));
  const a = eventArgs(exchange, receipt, "DisputeResolved");
  return { fee: BigInt(a.fee), periodId: Number(a.periodId), transactionHash: receipt.hash };
}
