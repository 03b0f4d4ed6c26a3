// Attestations and batches
export {
  ATTESTATION_LEAF_TYPES,
  attestationLeafHash,
  attestationLeafValues,
  fieldCommitment,
  learnerCommitment,
  type Attestation,
} from "./attestations/attestation.js";
export { buildAttestationTree, indexBatch, type AttestationTree } from "./attestations/buildAttestationTree.js";
export { attestationLeafBytes, merkleRootOfLeaves } from "./attestations/merkleRoot.js";

// Reconciliation
export {
  largestRemainderAllocate,
  type AllocationWeight,
  type LargestRemainderAllocateReturnType,
} from "./reconciliation/largestRemainderAllocate.js";
export {
  computeNetPositions,
  type NetPosition,
  type PeriodMemberTotals,
} from "./reconciliation/computeNetPositions.js";

// Client, errors and actions
export {
  addressesOf,
  createAllianceClient,
  type AllianceAddresses,
  type AllianceClient,
} from "./client/createAllianceClient.js";
export { BaseError, type BaseErrorParameters } from "./errors/BaseError.js";
export {
  type AllianceErrorName,
  ContractRevertedError,
  contractErrors,
  decodeContractError,
  withDecodedErrors,
} from "./errors/contractErrors.js";
export { sendTransaction } from "./actions/sendTransaction.js";
export {
  registerApplicant,
  MemberKind,
  type RegisterApplicantParameters,
} from "./actions/registry/registerApplicant.js";
export {
  approveDecision,
  proposeDecision,
  ProposalAction,
  type ProposeDecisionParameters,
} from "./actions/registry/decideMembership.js";
export { rotateOperatorKey, type RotateOperatorKeyParameters } from "./actions/registry/rotateOperatorKey.js";
export { getMember, listMembers, MemberStatus, type MemberRecord } from "./actions/registry/getMember.js";
export {
  CourseTier,
  publishCourse,
  publishCourseVersion,
  retireCourse,
  setCourseTier,
  toCourseVersion,
  type CourseTerms,
} from "./actions/catalog/publishCourse.js";
export { anchorAttestation, anchorBatch } from "./actions/credits/anchorBatch.js";
export {
  revokeAttestation,
  supersedeAttestation,
  type RevokeAttestationParameters,
} from "./actions/credits/revokeAttestation.js";
export {
  Decision,
  recognizeAttestations,
  recognizeBatches,
  toRecognitionRequest,
  type BatchRecognitionItems,
  type RecognitionDecision,
  type RecognitionItem,
} from "./actions/credits/recognizeAttestations.js";
export { packRecognition, unpackRecognition, type UnpackedRecognition } from "./actions/credits/recognitionEvent.js";
export { currencyCode, openPeriod, type OpenPeriodParameters } from "./actions/costs/openPeriod.js";
export {
  claimEntries,
  claimEntry,
  confirmEntries,
  confirmEntry,
  entryIdOf,
  EntryKind,
  rejectEntry,
  toEntryClaim,
  type ClaimEntryParameters,
  type ClaimEntryReturnType,
  type EntryClaim,
} from "./actions/costs/claimEntry.js";
export {
  closePeriod,
  getPeriodTotals,
  previewReconciliation,
  type ClosePeriodReturnType,
} from "./actions/costs/closePeriod.js";
export { confirmSettlement, recordSettlement, type RecordSettlementReturnType } from "./actions/costs/settlements.js";
export {
  checkForwardRequest,
  FORWARD_REQUEST_TYPES,
  ForwardRequestRefusedError,
  relayForwardRequest,
  signForwardRequest,
  type AllianceContractName,
  type SignedForwardRequest,
} from "./actions/forwarder/selfCustody.js";

// Deployment (local chains for tests: `@alliance-ledger/sdk/testing`)
export { deployAlliance, type AllianceContracts, type CharterInput } from "./deploy/deployAlliance.js";
export { bootstrapAlliance, ROLE_IDS, type MemberSpec } from "./deploy/bootstrapAlliance.js";

// Generated contract types and factories
export * from "./generated/typechain/index.js";

// Credentials
export {
  sealAttestation,
  type AttestationRecord,
  type Disclosure,
  type Disclosures,
  type SealedAttestation,
} from "./credentials/sealAttestation.js";
export {
  CREDENTIAL_FILE_TYPE,
  CREDENTIAL_FILE_VERSION,
  hideFields,
  issueCredentialFile,
  issueCredentialFiles,
  type CredentialFile,
  type IssueCredentialFilesParameters,
} from "./credentials/credentialFile.js";
export {
  credentialFileProblems,
  credentialFileSchema,
  InvalidCredentialFileError,
  parseCredentialFile,
} from "./credentials/parseCredentialFile.js";
export {
  verifyCredential,
  type AllianceDeployment,
  type CheckName,
  type CredentialCheck,
  type RecognitionStatus,
  type VerifyCredentialReturnType,
} from "./credentials/verifyCredential.js";
export {
  exportOpenBadgeCredential,
  OB_V3_CONTEXT,
  OB_V3_SCHEMA_ID,
  VC_V2_CONTEXT,
  type OpenBadgeContext,
  type OpenBadgeCredential,
} from "./credentials/exportOpenBadgeCredential.js";
export {
  planSettlements,
  type PlanSettlementsParameters,
  type SettlementTransfer,
} from "./reconciliation/planSettlements.js";
export {
  reconcilePeriod,
  reconcileTotals,
  type CostEntryKind,
  type CostEntryRecord,
  type CourseFeeRecord,
  type MemberReconciliation,
  type Reconciliation,
  type ReconcilePeriodParameters,
} from "./reconciliation/reconcilePeriod.js";
export {
  REPORT_FORMAT,
  reconciliationReportCsv,
  reconciliationReportHash,
  reconciliationReportJson,
} from "./reconciliation/reconciliationReport.js";

// Audit
export {
  readLedgerEvents,
  type LedgerEvent,
  type ReadLedgerEventsParameters,
  type ReadLedgerEventsReturnType,
} from "./audit/readLedgerEvents.js";
export { replayLedger, type Discrepancy, type MemberPeriodTotals, type ReplayedLedger } from "./audit/replayLedger.js";
export { parseAuditScope, parseAuditScopeParts, type AuditScope, type AuditScopeUsed } from "./audit/auditScope.js";
export {
  auditLedger,
  type AuditExport,
  type AuditLedgerParameters,
  type AuditPhase,
  type AuditReport,
} from "./audit/auditLedger.js";
export {
  verifyEvidencePackage,
  writeEvidencePackage,
  type EvidenceManifest,
  type VerifyEvidencePackageReturnType,
} from "./audit/evidencePackage.js";

// The read model: one fold per event family, shared by the indexer, member performance and the audit
export { foldLedgerEvent, rowsNeeded } from "./readModel/foldLedgerEvent.js";
export { createMemoryStore, rowKey, type LedgerStore, type MemoryStore } from "./readModel/ledgerStore.js";
export { confirmedEntryEffect } from "./readModel/periodTotals.js";
export type * from "./readModel/rows.js";
export { ENTRY_KINDS } from "./readModel/rows.js";
export { scoreMembers, type ScoreMembersParameters } from "./performance/scoreMembers.js";

// Member performance
export {
  memberPerformance,
  type MemberPerformance,
  type MemberPerformanceParameters,
} from "./performance/memberPerformance.js";
export { parseAuditExport, serializeAuditExport } from "./audit/auditExportFile.js";

// Production network (Hyperledger Besu)
export { encodeQbftExtraData, sortValidators } from "./besu/qbftExtraData.js";
export {
  generateBesuNetwork,
  type BesuNode,
  type GenerateBesuNetworkParameters,
  type GenerateBesuNetworkReturnType,
} from "./besu/generateBesuNetwork.js";
export { syncAccountAllowlists, type AllowlistChange } from "./besu/syncAccountAllowlists.js";

// Gateway REST client
export {
  createGatewayClient,
  GatewayError,
  type AttestationSubmission,
  type GatewayChainWrite,
  type GatewayClient,
  type GatewayCostEntry,
  type GatewayCourseTerms,
  type GatewayDecision,
  type GatewayReconciliation,
} from "./gateway/createGatewayClient.js";
