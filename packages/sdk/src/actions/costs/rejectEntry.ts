import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export type RejectEntryParameters = {
  entryId: string;
  /** Non-zero reason code from the alliance's code list. */
  reasonCode: number;
};
export type RejectEntryReturnType = { transactionHash: string };
export type RejectEntryErrorType =
  | MissingRoleErrorType
  | ContractErrorType<
      | "CostLedgerMissingReason"
      | "CostLedgerUnknownEntry"
      | "CostLedgerEntryNotClaimed"
      | "CostLedgerUnknownPeriod"
      | "CostLedgerPeriodNotOpen"
    >
  | BaseError;

/**
 * The secretariat rejects a claimed entry with a reason code; it never counts.
 *
 * @param client - A secretariat key.
 * @param parameters - The entry's id and a non-zero reason code.
 * @returns The transaction.
 * @example
 * await rejectEntry(secretariat, { entryId, reasonCode: 2 });
 */
export async function rejectEntry(
  client: AllianceClient,
  parameters: RejectEntryParameters,
): Promise<RejectEntryReturnType> {
  const { entryId, reasonCode } = parameters;
  return { transactionHash: (await sendTransaction(() => client.costLedger.rejectEntry(entryId, reasonCode))).hash };
}
