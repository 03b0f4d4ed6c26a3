import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import { type ClaimEntryParameters, type EntryClaimErrorType, toEntryClaim, toStruct } from "./claimEntry.js";

export type ClaimEntriesParameters = { claims: ClaimEntryParameters[] };
export type ClaimEntriesReturnType = { entryIds: string[]; transactionHash: string };
export type ClaimEntriesErrorType = EntryClaimErrorType | ContractErrorType<"CostLedgerEmptyBatch"> | BaseError;

/**
 * A member claims several entries in one transaction, all or nothing. Unlike `claimEntry`, a retry is
 * refused with `CostLedgerEntryExists` as soon as one of its entries was recorded.
 *
 * @param client - A current key of the claiming member.
 * @param parameters - The claims, all the member's own.
 * @returns The entries' ids, in the order given, and the transaction.
 * @example
 * const { entryIds } = await claimEntries(member, { claims });
 */
export async function claimEntries(
  client: AllianceClient,
  parameters: ClaimEntriesParameters,
): Promise<ClaimEntriesReturnType> {
  const claims = parameters.claims.map(toEntryClaim);
  const receipt = await sendTransaction(() => client.costLedger.claimEntries(claims.map(toStruct)));
  return { entryIds: claims.map((c) => c.entryId), transactionHash: receipt.hash };
}
