import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import type { EntryConfirmationErrorType } from "./confirmEntry.js";

export type ConfirmEntriesParameters = { entryIds: string[] };
export type ConfirmEntriesReturnType = { transactionHash: string };
export type ConfirmEntriesErrorType =
  | EntryConfirmationErrorType
  | ContractErrorType<"CostLedgerEmptyBatch">
  | BaseError;

/**
 * The secretariat confirms several claimed entries in one transaction, all or nothing.
 *
 * @param client - A secretariat key.
 * @param parameters - The entries' ids.
 * @returns The transaction.
 * @example
 * await confirmEntries(secretariat, { entryIds });
 */
export async function confirmEntries(
  client: AllianceClient,
  parameters: ConfirmEntriesParameters,
): Promise<ConfirmEntriesReturnType> {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmEntries(parameters.entryIds))).hash };
}
