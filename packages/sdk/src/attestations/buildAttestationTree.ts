import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ATTESTATION_LEAF_TYPES, attestationLeafValues, type Attestation } from "./attestation.js";

export type AttestationTree = StandardMerkleTree<ReturnType<typeof attestationLeafValues>>;

/**
 * Builds the Merkle tree a batch of attestations is anchored as (OpenZeppelin StandardMerkleTree, so
 * proofs verify with OpenZeppelin's MerkleProof in the CreditLedger).
 *
 * @throws RangeError if the batch is empty.
 * @example const tree = buildAttestationTree(rows); await ledger.anchorBatch(tree.root, rows.length);
 */
export function buildAttestationTree(attestations: readonly Attestation[]): AttestationTree {
  if (attestations.length === 0) throw new RangeError("a batch needs at least one attestation");
  return StandardMerkleTree.of(attestations.map(attestationLeafValues), [...ATTESTATION_LEAF_TYPES]);
}

