import type { AllianceClient } from "../../client/createAllianceClient.js";
import { sendTransaction } from "../sendTransaction.js";

export interface RevokeAttestationParameters {
  root: string;
  leaf: string;
  proof: string[];
  /** Non-zero reason code from the alliance's code list. */
  reasonCode: number;
}

/** The issuer revokes one attestation of its batch. */
export async function revokeAttestation(client: AllianceClient, p: RevokeAttestationParameters) {
  return { transactionHash: (await sendTransaction(() => client.creditLedger.revoke(p.root, p.leaf, p.proof, p.reasonCode))).hash };
}

/** The issuer revokes an attestation and links the anchored attestation that corrects it. */
export async function supersedeAttestation(
  client: AllianceClient,
  p: RevokeAttestationParameters & { replacement: { root: string; leaf: string; proof: string[] } },
) {
  const r = p.replacement;
  return {
    transactionHash: (await sendTransaction(() =>
      client.creditLedger.supersede(p.root, p.leaf, p.proof, r.root, r.leaf, r.proof, p.reasonCode),
    )).hash,
  };
}
