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
export type {
  ActiveOperatorErrorType,
  ContractErrorType,
  MissingRoleErrorType,
} from "./actions/contractErrorType.js";

// Actions: registry
export {
  MemberKind,
  registerApplicant,
  type RegisterApplicantErrorType,
  type RegisterApplicantParameters,
  type RegisterApplicantReturnType,
} from "./actions/registry/registerApplicant.js";
export {
  ProposalAction,
  proposeDecision,
  type DecisionExecutionErrorType,
  type ProposeDecisionErrorType,
  type ProposeDecisionParameters,
  type ProposeDecisionReturnType,
} from "./actions/registry/proposeDecision.js";
export {
  approveDecision,
  type ApproveDecisionErrorType,
  type ApproveDecisionParameters,
  type ApproveDecisionReturnType,
} from "./actions/registry/approveDecision.js";
export {
  rotateOperatorKey,
  type RotateOperatorKeyErrorType,
  type RotateOperatorKeyParameters,
  type RotateOperatorKeyReturnType,
} from "./actions/registry/rotateOperatorKey.js";
export {
  listIssuerKeys,
  publishIssuerKey,
  type PublishIssuerKeyErrorType,
  type PublishIssuerKeyParameters,
  type PublishIssuerKeyReturnType,
} from "./actions/registry/publishIssuerKey.js";
export {
  getMember,
  MemberStatus,
  type GetMemberErrorType,
  type GetMemberParameters,
  type GetMemberReturnType,
  type MemberRecord,
  type MemberStatusName,
} from "./actions/registry/getMember.js";
export {
  listMembers,
  type ListMembersErrorType,
  type ListMembersReturnType,
} from "./actions/registry/listMembers.js";

// Actions: shared resources
export {
  dayOfIsoDate,
  isoDateOfDay,
  openPerson,
  personCommitment,
  RESOURCE_KINDS,
  RESOURCE_STATUSES,
  RESOURCE_UNITS,
  resourceKindCode,
  textHash,
  toResourceTerms,
  USE_STATUSES,
  type PersonOpening,
  type ResourceKind,
  type ResourceTerms,
  type ResourceUnit,
  type UseStatus,
} from "./actions/resources/resourceExchange.js";
export {
  publishResource,
  type PublishResourceErrorType,
  type PublishResourceParameters,
  type PublishResourceReturnType,
} from "./actions/resources/publishResource.js";
export {
  publishResourceVersion,
  type PublishResourceVersionErrorType,
  type PublishResourceVersionParameters,
  type PublishResourceVersionReturnType,
} from "./actions/resources/publishResourceVersion.js";
export {
  retireResource,
  type RetireResourceErrorType,
  type RetireResourceParameters,
  type RetireResourceReturnType,
} from "./actions/resources/retireResource.js";
export {
  requestResourceUse,
  type RequestResourceUseErrorType,
  type RequestResourceUseParameters,
  type RequestResourceUseReturnType,
} from "./actions/resources/requestResourceUse.js";
export {
  acceptResourceUse,
  type AcceptResourceUseErrorType,
  type AcceptResourceUseParameters,
  type AcceptResourceUseReturnType,
} from "./actions/resources/acceptResourceUse.js";
export {
  declineResourceUse,
  type DeclineResourceUseErrorType,
  type DeclineResourceUseParameters,
  type DeclineResourceUseReturnType,
} from "./actions/resources/declineResourceUse.js";
export {
  cancelResourceUse,
  type CancelResourceUseErrorType,
  type CancelResourceUseParameters,
  type CancelResourceUseReturnType,
} from "./actions/resources/cancelResourceUse.js";
export {
  recordResourceDelivery,
  type RecordResourceDeliveryErrorType,
  type RecordResourceDeliveryParameters,
  type RecordResourceDeliveryReturnType,
} from "./actions/resources/recordResourceDelivery.js";
export {
  confirmResourceUse,
  type ConfirmResourceUseErrorType,
  type ConfirmResourceUseParameters,
  type ConfirmResourceUseReturnType,
} from "./actions/resources/confirmResourceUse.js";
export {
  disputeResourceUse,
  type DisputeResourceUseErrorType,
  type DisputeResourceUseParameters,
  type DisputeResourceUseReturnType,
} from "./actions/resources/disputeResourceUse.js";
export {
  resolveResourceDispute,
  type ResolveResourceDisputeErrorType,
  type ResolveResourceDisputeParameters,
  type ResolveResourceDisputeReturnType,
} from "./actions/resources/resolveResourceDispute.js";

// Actions: course catalog
export {
  publishCourse,
  toCourseVersion,
  type CourseTerms,
  type PublishCourseErrorType,
  type PublishCourseParameters,
  type PublishCourseReturnType,
} from "./actions/catalog/publishCourse.js";
export {
  publishCourseVersion,
  type PublishCourseVersionErrorType,
  type PublishCourseVersionParameters,
  type PublishCourseVersionReturnType,
} from "./actions/catalog/publishCourseVersion.js";
export {
  retireCourse,
  type RetireCourseErrorType,
  type RetireCourseParameters,
  type RetireCourseReturnType,
} from "./actions/catalog/retireCourse.js";
export {
  CourseTier,
  setCourseTier,
  type SetCourseTierErrorType,
  type SetCourseTierParameters,
  type SetCourseTierReturnType,
} from "./actions/catalog/setCourseTier.js";

// Actions: credits
export {
  anchorBatch,
  type AnchorBatchErrorType,
  type AnchorBatchParameters,
  type AnchorBatchReturnType,
} from "./actions/credits/anchorBatch.js";
export {
  anchorAttestation,
  type AnchorAttestationErrorType,
  type AnchorAttestationParameters,
  type AnchorAttestationReturnType,
} from "./actions/credits/anchorAttestation.js";
export {
  revokeAttestation,
  type OwnRecordErrorType,
  type RecordReference,
  type RevokeAttestationErrorType,
  type RevokeAttestationParameters,
  type RevokeAttestationReturnType,
} from "./actions/credits/revokeAttestation.js";
export {
  supersedeAttestation,
  type SupersedeAttestationErrorType,
  type SupersedeAttestationParameters,
  type SupersedeAttestationReturnType,
} from "./actions/credits/supersedeAttestation.js";
export {
  Decision,
  recognizeAttestations,
  toRecognitionRequest,
  type RecognitionDecision,
  type RecognitionErrorType,
  type RecognitionItem,
  type RecognizeAttestationsErrorType,
  type RecognizeAttestationsParameters,
  type RecognizeAttestationsReturnType,
} from "./actions/credits/recognizeAttestations.js";
export {
  recognizeBatches,
  type BatchRecognitionItems,
  type RecognizeBatchesErrorType,
  type RecognizeBatchesParameters,
  type RecognizeBatchesReturnType,
} from "./actions/credits/recognizeBatches.js";
export { packRecognition, unpackRecognition, type UnpackedRecognition } from "./actions/credits/recognitionEvent.js";

// Actions: costs and settlements
export {
  currencyCode,
  openPeriod,
  type OpenPeriodErrorType,
  type OpenPeriodParameters,
  type OpenPeriodReturnType,
} from "./actions/costs/openPeriod.js";
export {
  getDecidedShares,
  sharesHashOf,
  type GetDecidedSharesParameters,
  type GetDecidedSharesReturnType,
} from "./actions/costs/getDecidedShares.js";
export {
  claimEntry,
  entryIdOf,
  EntryKind,
  toEntryClaim,
  type ClaimEntryErrorType,
  type ClaimEntryParameters,
  type ClaimEntryReturnType,
  type EntryClaim,
  type EntryClaimErrorType,
} from "./actions/costs/claimEntry.js";
export {
  claimEntries,
  type ClaimEntriesErrorType,
  type ClaimEntriesParameters,
  type ClaimEntriesReturnType,
} from "./actions/costs/claimEntries.js";
export {
  confirmEntry,
  type ConfirmEntryErrorType,
  type ConfirmEntryParameters,
  type ConfirmEntryReturnType,
  type EntryConfirmationErrorType,
} from "./actions/costs/confirmEntry.js";
export {
  confirmEntries,
  type ConfirmEntriesErrorType,
  type ConfirmEntriesParameters,
  type ConfirmEntriesReturnType,
} from "./actions/costs/confirmEntries.js";
export {
  rejectEntry,
  type RejectEntryErrorType,
  type RejectEntryParameters,
  type RejectEntryReturnType,
} from "./actions/costs/rejectEntry.js";
export {
  getPeriodTotals,
  type GetPeriodTotalsErrorType,
  type GetPeriodTotalsParameters,
  type GetPeriodTotalsReturnType,
} from "./actions/costs/getPeriodTotals.js";
export {
  previewReconciliation,
  type PreviewReconciliationErrorType,
  type PreviewReconciliationParameters,
  type PreviewReconciliationReturnType,
} from "./actions/costs/previewReconciliation.js";
export {
  closePeriod,
  type ClosePeriodErrorType,
  type ClosePeriodParameters,
  type ClosePeriodReturnType,
} from "./actions/costs/closePeriod.js";
export {
  recordSettlement,
  type RecordSettlementErrorType,
  type RecordSettlementParameters,
  type RecordSettlementReturnType,
} from "./actions/costs/recordSettlement.js";
export {
  confirmSettlement,
  type ConfirmSettlementErrorType,
  type ConfirmSettlementParameters,
  type ConfirmSettlementReturnType,
} from "./actions/costs/confirmSettlement.js";

// Actions: self-custody through the forwarder
export {
  FORWARD_REQUEST_TYPES,
  ForwardRequestRefusedError,
  type AllianceContractName,
  type SignedForwardRequest,
} from "./actions/forwarder/forwardRequest.js";
export {
  signForwardRequest,
  type SignForwardRequestErrorType,
  type SignForwardRequestParameters,
  type SignForwardRequestReturnType,
} from "./actions/forwarder/signForwardRequest.js";
export {
  checkForwardRequest,
  type CheckForwardRequestErrorType,
  type CheckForwardRequestParameters,
  type CheckForwardRequestReturnType,
} from "./actions/forwarder/checkForwardRequest.js";
export {
  relayForwardRequest,
  type RelayForwardRequestErrorType,
  type RelayForwardRequestParameters,
  type RelayForwardRequestReturnType,
} from "./actions/forwarder/relayForwardRequest.js";

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
  attestationProblems,
  credentialFileProblems,
  credentialFileSchema,
  InvalidCredentialFileError,
  parseCredentialFile,
} from "./credentials/parseCredentialFile.js";
export {
  finalFactsMemo,
  verifyCredential,
  type RecordPosition,
  type VerificationFacts,
  type VerificationMemo,
  type AllianceDeployment,
  type CheckName,
  type CredentialCheck,
  type RecognitionStatus,
  type VerifyCredentialReturnType,
} from "./credentials/verifyCredential.js";
export {
  exportOpenBadgeCredential,
  learnerIdentity,
  OB_V3_CONTEXT,
  OB_V3_SCHEMA_ID,
  VC_V2_CONTEXT,
  type OpenBadgeContext,
  type OpenBadgeCredential,
} from "./credentials/exportOpenBadgeCredential.js";
export {
  createDocumentLoader,
  DID_CONTEXT,
  type DidDocument,
  type DocumentLoader,
  MULTIKEY_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
} from "./credentials/signed/documentLoader.js";
export { checkIssuerKeysOnChain } from "./credentials/signed/checkIssuerKeysOnChain.js";
export { didWebUrl, encodeDomain, memberDid } from "./credentials/signed/didWeb.js";
export {
  generateIssuerKey,
  type IssuerKeyMaterial,
  issuerKeyFingerprint,
} from "./credentials/signed/issuerKey.js";
export {
  type SignedCredential,
  type SignedVerification,
  signCredential,
  verifySignedCredential,
} from "./credentials/signed/signCredential.js";
export {
  STATUS_LIST_LENGTH,
  statusEntry,
  statusListCredential,
  statusPlace,
} from "./credentials/signed/statusList.js";
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
export { contributionIndexes, type IndexTotals } from "./performance/contributionIndex.js";
export {
  emptyActivity,
  inWindow,
  periodActivity,
  periodWindow,
  type PeriodActivity,
  type PeriodWindow,
} from "./performance/periodActivity.js";

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
  type GatewayShareDecision,
  type GatewayResource,
  type GatewayResourceTerms,
  type GatewayResourceUse,
  type GatewayUseWritten,
} from "./gateway/createGatewayClient.js";
