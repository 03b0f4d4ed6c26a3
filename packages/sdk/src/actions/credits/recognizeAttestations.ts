import { ZeroHash, encodeBytes32String } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { Attestation } from "../../attestations/attestation.js";
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
  const base = { batchRoot: item.batchRoot, attestation: a, proof: item.proof, localCourseRef: ZeroHash, conversionRuleRef: ZeroHash, rejectReason: 0 };
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

/**
 * The home school decides on attestations of its students, all in one transaction (all or nothing).
 *
 * @example await recognizeAttestations(home, { items: [{ batchRoot, attestation, proof, decide: { decision: "accept" } }] });
 */
export async function recognizeAttestations(client: AllianceClient, p: { items: RecognitionItem[] }) {
  const receipt = await sendTransaction(() => client.creditLedger.recognize(p.items.map(toRecognitionRequest)));
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
