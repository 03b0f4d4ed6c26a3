export {
  ATTESTATION_LEAF_TYPES,
  attestationLeafHash,
  attestationLeafValues,
  fieldCommitment,
  learnerCommitment,
  type Attestation,
} from "./attestations/attestation.js";
export { buildAttestationTree, type AttestationTree } from "./attestations/buildAttestationTree.js";
export {
  largestRemainderAllocate,
  type AllocationWeight,
  type LargestRemainderAllocateReturnType,
} from "./reconciliation/largestRemainderAllocate.js";
export { computeNetPositions, type NetPosition, type PeriodMemberTotals } from "./reconciliation/computeNetPositions.js";
export { deployAlliance, type AllianceContracts, type CharterInput } from "./deploy/deployAlliance.js";
export { bootstrapAlliance, ROLE_IDS, type MemberSpec } from "./deploy/bootstrapAlliance.js";
export * from "./generated/typechain/index.js";
