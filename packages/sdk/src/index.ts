export {
  ATTESTATION_LEAF_TYPES,
  attestationLeafHash,
  attestationLeafValues,
  fieldCommitment,
  learnerCommitment,
  type Attestation,
} from "./attestations/attestation.js";
export { buildAttestationTree, type AttestationTree } from "./attestations/buildAttestationTree.js";
