import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export type ConfirmEntryParameters = { entryId: string };
export type ConfirmEntryReturnType = { transactionHash: string };
/** The refusals of the secretariat's confirmation of a claimed entry. */
export type EntryConfirmationErrorType =
  | MissingRoleErrorType
  | ContractErrorType<
      | "CostLedgerUnknownEntry"
      | "CostLedgerEntryNotClaimed"
      | "CostLedgerSelfConfirmation"
      | "CostLedgerUnknownPeriod"
      | "CostLedgerPeriodNotOpen"
      | "CostLedgerInvalidReversal"
      | "CostLedgerAmountOverflow"
    >;
export type ConfirmEntryErrorType = EntryConfirmationErrorType | BaseError;

/**
 * The secretariat confirms a claimed entry: it then counts in the member's period totals. A secretariat
 * key that is also a member's cannot confirm that member's entries.
 *
 * @param client - A secretariat key.
 * @param parameters - The entry's id (`claimEntry`'s `entryId`, or `entryIdOf(memberId, reference)`).
 * @returns The transaction.
 * @example
 * await confirmEntry(secretariat, { entryId });
 */
export async function confirmEntry(
  client: AllianceClient,
  parameters: ConfirmEntryParameters,
): Promise<ConfirmEntryReturnType> {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmEntry(parameters.entryId))).hash };
}
