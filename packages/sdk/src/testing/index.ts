// `@alliance-ledger/sdk/testing`: local chains for tests, demos and `npm start`. Kept out of the main entry
// because they spawn processes and need `@foundry-rs/anvil`, which an application using the SDK does not.
export { anvilBinaryPath, startAnvil, type AnvilNode, type StartAnvilParameters } from "../node/startAnvil.js";
export { newestGoodSnapshot, snapshotAnvilState } from "../node/anvilStateSnapshots.js";
export { ANVIL_MNEMONIC, devWallet, startLocalAlliance, type LocalAlliance } from "./startLocalAlliance.js";
export { simulateTerm, type SimulateTermParameters } from "./simulateTerm.js";
export { openDecidedPeriod } from "./openDecidedPeriod.js";
export { anchorCredentials, type AnchorCredentialsParameters } from "./anchorCredentials.js";
export { acceptCredential, revokeCredential } from "./credentialSteps.js";
