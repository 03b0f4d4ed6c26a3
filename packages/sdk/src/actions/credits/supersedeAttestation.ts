import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import type { OwnRecordErrorType, RecordReference, RevokeAttestationParameters } from "./revokeAttestation.js";

export type SupersedeAttestationParameters = RevokeAttestationParameters & {
  /** The issuer's own anchored record that corrects the revoked one. */
  replacement: RecordReference;
};
export type SupersedeAttestationReturnType = { transactionHash: string };
export type SupersedeAttestationErrorType =
  | OwnRecordErrorType
  | ContractErrorType<"CreditLedgerInvalidAttestation">
  | BaseError;

/**
 * The issuer revokes a record and links its own anchored record that corrects it, so a verifier of the
 * old record is pointed to the new one.
 *
 * @param client - A current key of both records' issuer.
 * @param parameters - The record, its replacement and a reason code.
 * @returns The transaction.
 * @example
 * await supersedeAttestation(issuer, { record, replacement, reasonCode: 3 });
 */
export async function supersedeAttestation(
  client: AllianceClient,
  parameters: SupersedeAttestationParameters,
): Promise<SupersedeAttestationReturnType> {
  const { record, replacement, reasonCode } = parameters;
  const receipt = await sendTransaction(() => client.creditLedger.supersede(record, replacement, reasonCode));
  return { transactionHash: receipt.hash };
}
