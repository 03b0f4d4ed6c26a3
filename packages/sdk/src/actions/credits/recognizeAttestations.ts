import { ZeroHash, encodeBytes32String } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { Attestation } from "../../attestations/attestation.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export const Decision = { None: 0, Accepted: 1, AcceptedWithConversion: 2, Rejected: 3 } as const;

export type RecognitionDecision =
  | { decision: "accept" }
  | { decision: "convert"; recognisedCredits: number; localCourse: string; conversionRule: string }
  | { decision: "reject"; reasonCode: number };

export interface RecognitionItem {
  batchRoot: string;
  attestation: Attestation;
  proof: string[];
  decide: RecognitionDecision;
}

/** The contract's request struct for one decision. */
export function toRecognitionRequest(item: RecognitionItem) {
  const a = item.attestation;
  const base = {
    batchRoot: item.batchRoot,
    attestation: a,
    proof: item.proof,
    localCourseRef: ZeroHash,
    conversionRuleRef: ZeroHash,
    rejectReason: 0,
  };
  switch (item.decide.decision) {
    case "accept":
      return { ...base, decision: Decision.Accepted, recognisedCredits: a.credits };
    case "convert":
      return {
        ...base,
        decision: Decision.AcceptedWithConversion,
        recognisedCredits: item.decide.recognisedCredits,
        localCourseRef: encodeBytes32String(item.decide.localCourse),
        conversionRuleRef: encodeBytes32String(item.decide.conversionRule),
      };
    case "reject":
      return { ...base, decision: Decision.Rejected, recognisedCredits: 0, rejectReason: item.decide.reasonCode };
  }
}

export type RecognizeAttestationsParameters = { items: RecognitionItem[] };
export type RecognizeAttestationsReturnType = { transactionHash: string; blockNumber: number };
/** The refusals of a home school's decisions (the fees accrue in the open period). */
export type RecognitionErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "CreditLedgerEmptyRequest"
      | "CreditLedgerInvalidProof"
      | "CreditLedgerUnknownBatch"
      | "CreditLedgerNotHomeMember"
      | "CreditLedgerIndexOutOfRange"
      | "CreditLedgerRevoked"
      | "CreditLedgerAlreadyDecided"
      | "CreditLedgerCourseHostMismatch"
      | "CreditLedgerCreditsExceedCourse"
      | "CreditLedgerCreditsExceedAttested"
      | "CreditLedgerCertifiedCourseMustBeRecognised"
      | "CreditLedgerMissingReason"
      | "CreditLedgerInvalidDecision"
      | "CatalogUnknownCourse"
      | "CatalogUnknownVersion"
      | "CostLedgerNoOpenPeriod"
      | "CostLedgerMemberNotInPeriod"
      | "CostLedgerAmountOverflow"
    >;
export type RecognizeAttestationsErrorType = RecognitionErrorType | BaseError;

/**
 * The home school decides on attestations of its students, each with its own Merkle proof, all in one
 * transaction (all or nothing). For many records of the same batches, `recognizeBatches` costs less gas.
 *
 * @param client - A current key of the records' home school.
 * @param parameters - One item per record: its batch root, fields, proof and the decision.
 * @returns The transaction and its block.
 * @example
 * await recognizeAttestations(home, { items: [{ batchRoot, attestation, proof, decide: { decision: "accept" } }] });
 */
export async function recognizeAttestations(
  client: AllianceClient,
  parameters: RecognizeAttestationsParameters,
): Promise<RecognizeAttestationsReturnType> {
  const requests = parameters.items.map(toRecognitionRequest);
  const receipt = await sendTransaction(() => client.creditLedger.recognize(requests));
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
