export { createServer, type ServerDependencies } from "./server.js";
export {
  GatewaySettings,
  gatewayConfigOf,
  LocalAllianceSettings,
  loadConfig,
  parseSettings,
  type GatewayConfig,
} from "./config.js";
export { createDatabase } from "./db/createDatabase.js";
export type { Database } from "./db/database.js";
export { countApiKeys, createApiKey, revokeApiKey, type Role } from "./auth/apiKeys.js";
export {
  anchorPendingBatches,
  type AnchorPendingBatchesParameters,
  type AnchorReport,
} from "./outbox/anchorPendingBatches.js";
export { startBatcher } from "./outbox/startBatcher.js";
export { dropReadModel, indexChain, indexedBlock } from "./indexer/indexChain.js";
export { applyLedgerEvents } from "./readModel/applyLedgerEvents.js";
export { startIndexer } from "./indexer/startIndexer.js";
export { CustodialKeyError, loadCustodialSigners, storeCustodialKey } from "./custody/custodialKeys.js";
export { verifyAnchoredBatches } from "./outbox/verifyAnchoredBatches.js";
export { SECRETARIAT_SIGNER } from "./custody/custodialSigner.js";
export { importRecords, type ImportedRecords } from "./books/importRecords.js";
export { keepCourseText } from "./routes/courses/courseTexts.js";
export { buildAuditExport } from "./books/auditExport.js";
export { keepChainWrites, type KeepChainWritesParameters, type KeepReport } from "./chainWrites/keepChainWrites.js";
export { chainKeeper, startChainKeeper, type ChainKeeperParameters } from "./chainWrites/startChainKeeper.js";
export { RecordingWallet } from "./chainWrites/recordingWallet.js";
export { createMetrics, type GatewayMetrics } from "./metrics.js";
export { startGateway, type StartGatewayParameters } from "./startGateway.js";
export { openApiDocument } from "./openapi.js";
