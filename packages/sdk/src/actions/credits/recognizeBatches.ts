import { attestationFromLeafValues, type LeafValues } from "../../attestations/attestation.js";
import type { AttestationTree } from "../../attestations/buildAttestationTree.js";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import { type RecognitionDecision, type RecognitionErrorType, toRecognitionRequest } from "./recognizeAttestations.js";

/** Decisions on records of one batch, with the batch's tree (the issuer's or the home school's copy). */
export interface BatchRecognitionItems {
  tree: AttestationTree;
  /** Each record's position in the tree (its `index`) and the decision on it. */
  items: Array<{ index: number; decide: RecognitionDecision }>;
}

export type RecognizeBatchesParameters = { batches: BatchRecognitionItems[] };
export type RecognizeBatchesReturnType = { transactionHash: string; blockNumber: number };
export type RecognizeBatchesErrorType =
  | RecognitionErrorType
  | ContractErrorType<"CreditLedgerDecisionCountMismatch">
  /** A record listed twice in one batch, found before anything is sent. */
  | RangeError
  | BaseError;

/**
 * The home school decides on many records of the same batches in one transaction: each batch's records
 * are proven by one multiproof and its root is sent once, so a term's decisions cost far less gas than
 * `recognizeAttestations` with a proof per record.
 *
 * @param client - A current key of the records' home school.
 * @param parameters - Per batch, its tree and the decisions by record index.
 * @returns The transaction and its block.
 * @example
 * await recognizeBatches(home, { batches: [{ tree, items: [{ index: 7, decide: { decision: "accept" } }] }] });
 */
export async function recognizeBatches(
  client: AllianceClient,
  parameters: RecognizeBatchesParameters,
): Promise<RecognizeBatchesReturnType> {
  const groups = parameters.batches.map(({ tree, items }) => {
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
