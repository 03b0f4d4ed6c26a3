import type { Attestation } from "../../attestations/attestation.js";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

/** An anchored record as the contract takes it: its batch root, its fields and its Merkle proof. */
export interface RecordReference {
  root: string;
  attestation: Attestation;
  proof: string[];
}

export interface RevokeAttestationParameters {
  record: RecordReference;
  /** Non-zero reason code from the alliance's code list. */
  reasonCode: number;
}
export type RevokeAttestationReturnType = { transactionHash: string };
/** The refusals of a change to an issuer's own anchored record. */
export type OwnRecordErrorType = ContractErrorType<
  | "RegistryUnknownOperator"
  | "RegistryOperatorRevoked"
  | "CreditLedgerNotIssuer"
  | "CreditLedgerUnknownBatch"
  | "CreditLedgerIndexOutOfRange"
  | "CreditLedgerInvalidProof"
  | "CreditLedgerMissingReason"
  | "CreditLedgerRevoked"
  | "CostLedgerNoOpenPeriod"
>;
export type RevokeAttestationErrorType = OwnRecordErrorType | BaseError;

/**
 * The issuer revokes one of its records. The contract checks the caller is a current key of the issuer
 * named in the record, so no other member can revoke it; a recognised record's fee flows back in the
 * open period.
 *
 * @param client - A current key of the record's issuer.
 * @param parameters - The record (root, fields, proof) and a reason code.
 * @returns The transaction.
 * @example
 * await revokeAttestation(issuer, { record: { root, attestation, proof: tree.getProof(i) }, reasonCode: 5 });
 */
export async function revokeAttestation(
  client: AllianceClient,
  parameters: RevokeAttestationParameters,
): Promise<RevokeAttestationReturnType> {
  const { record, reasonCode } = parameters;
  return { transactionHash: (await sendTransaction(() => client.creditLedger.revoke(record, reasonCode))).hash };
}

// audit/auditLedger.test.ts (another owner's folder) imports it from here; it is defined in its own file.
export { supersedeAttestation } from "./supersedeAttestation.js";
