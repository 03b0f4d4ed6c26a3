import type { AllianceClient } from "@alliance-ledger/sdk";
import type { LocalAlliance } from "@alliance-ledger/sdk/testing";
import { SECRETARIAT_SIGNER } from "../custody/custodialSigner.js";

/**
 * The gateway's custodial signers for a local test alliance: the secretariat's (the bootstrap key) and
 * those of `memberIds` (default: every member). A member left out keeps its own key (self-custody).
 */
export function custodialSigners(
  chain: LocalAlliance,
  memberIds = chain.members.map((_, i) => i + 1),
): Map<number, AllianceClient> {
  return new Map([
    [SECRETARIAT_SIGNER, chain.secretariat],
    ...memberIds.map((id) => [id, chain.members[id - 1]] as [number, AllianceClient]),
  ]);
}
