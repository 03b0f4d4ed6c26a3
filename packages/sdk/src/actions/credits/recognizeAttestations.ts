import { ZeroHash, encodeBytes32String } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { attestationFromLeafValues, type Attestation, type LeafValues } from "../../attestations/attestation.js";
import type { AttestationTree } from "../../attestations/buildAttestationTree.js";
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

/**
 * The home school decides on attestations of its students, all in one transaction (all or nothing).
 *
 * @example await recognizeAttestations(home, { items: [{ batchRoot, attestation, proof, decide: { decision: "accept" } }] });
 */
export async function recognizeAttestations(client: AllianceClient, p: { items: RecognitionItem[] }) {
  const receipt = await sendTransaction(() => client.creditLedger.recognize(p.items.map(toRecognitionRequest)));
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}

/** Decisions on records of one batch, with the batch's tree (the issuer's or the home school's copy). */
export interface BatchRecognitionItems {
  tree: AttestationTree;
  /** Each record's position in the tree (its `index`) and the decision on it. */
  items: Array<{ index: number; decide: RecognitionDecision }>;
}

/**
 * The home school decides on many records of the same batches in one transaction: each batch's records
 * are proven by one multiproof and its root is sent once, so a term's decisions cost far less gas than
 * {@link recognizeAttestations} with a proof per record.
 */
export async function recognizeBatches(client: AllianceClient, p: { batches: BatchRecognitionItems[] }) {
  const groups = p.batches.map(({ tree, items }) => {
    const byIndex = new Map(items.map((i) => [i.index, i.decide]));
    if (byIndex.size !== items.length) throw new RangeError(`batch ${tree.root}: a record appears twice`);
    const multi = tree.getMultiProof(items.map((i) => i.index));
    // The contract rebuilds the leaves in the multiproof's order.
    const attestations = multi.leaves.map((values) => attestationFromLeafValues(values as LeafValues));
    const decisions = attestations.map((a) => {
      const {
        batchRoot: _root,
        attestation: _a,
        proof: _proof,
        ...decision
      } = toRecognitionRequest({ batchRoot: tree.root, attestation: a, proof: [], decide: byIndex.get(a.index)! });
      return decision;
    });
    return { root: tree.root, attestations, decisions, proof: multi.proof, proofFlags: multi.proofFlags };
  });
  const receipt = await sendTransaction(() => client.creditLedger.recognizeBatches(groups));
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
