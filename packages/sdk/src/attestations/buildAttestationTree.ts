import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ATTESTATION_LEAF_TYPES, attestationLeafValues, type Attestation } from "./attestation.js";

export type AttestationTree = StandardMerkleTree<ReturnType<typeof attestationLeafValues>>;

/**
 * Builds the Merkle tree a batch of attestations is anchored as (OpenZeppelin StandardMerkleTree, so
 * proofs verify with OpenZeppelin's MerkleProof in the CreditLedger).
 *
 * Each attestation's `index` must be its position in `attestations` (use {@link indexBatch}): the contract
 * keys a record's revocation and decision by it, so two records may never share one.
 *
 * @throws RangeError if the batch is empty or an index is not its position.
 * @example const tree = buildAttestationTree(indexBatch(rows)); await ledger.anchorBatch(tree.root, rows.length);
 */
export function buildAttestationTree(attestations: readonly Attestation[]): AttestationTree {
  if (attestations.length === 0) throw new RangeError("a batch needs at least one attestation");
  attestations.forEach((a, i) => {
    if (a.index !== i)
      throw new RangeError(`attestation ${i} has index ${a.index}; a batch's indexes are its positions 0..n-1`);
  });
  return StandardMerkleTree.of(attestations.map(attestationLeafValues), [...ATTESTATION_LEAF_TYPES]);
}

/** The attestations with `index` set to their position, ready for {@link buildAttestationTree}. */
export function indexBatch<T extends Attestation>(attestations: readonly T[]): T[] {
  return attestations.map((a, index) => ({ ...a, index }));
}
