import type { Attestation } from "../../attestations/attestation.js";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import type { AnchorBatchReturnType } from "./anchorBatch.js";

export type AnchorAttestationParameters = { attestation: Attestation };
export type AnchorAttestationReturnType = AnchorBatchReturnType;
export type AnchorAttestationErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "CreditLedgerNotIssuer"
      | "CreditLedgerInvalidAttestation"
      | "CreditLedgerCourseHostMismatch"
      | "CreditLedgerCourseRetired"
      | "CreditLedgerCreditsExceedCourse"
      | "CreditLedgerBatchExists"
      | "CatalogUnknownCourse"
      | "CatalogUnknownVersion"
    >
  | BaseError;

/**
 * The issuer anchors one attestation on its own: its leaf is its root and its proof is empty. The
 * contract checks the record against the catalog, as it does at recognition.
 *
 * @param client - A current key of the issuing member (the record's `issuerId`).
 * @param parameters - The attestation.
 * @returns The record's root (its leaf), a count of 1, the block and the transaction.
 * @example
 * const { root } = await anchorAttestation(issuer, { attestation });
 */
export async function anchorAttestation(
  client: AllianceClient,
  parameters: AnchorAttestationParameters,
): Promise<AnchorAttestationReturnType> {
  const { attestation } = parameters;
  const receipt = await sendTransaction(() => client.creditLedger.anchorAttestation(attestation));
  const root = await client.creditLedger.attestationLeaf(attestation);
  return { root, count: 1, blockNumber: receipt.blockNumber, transactionHash: receipt.hash };
}
