import type { Attestation } from "../../attestations/attestation.js";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { sendTransaction } from "../sendTransaction.js";

/** An anchored record as the contract takes it: its batch root, its fields and its Merkle proof. */
export interface RecordReference {
  root: string;
  attestation: Attestation;
  proof: string[];
}

export interface RevokeAttestationParameters {
  record: RecordReference;
  /** Non-zero reason code from the alliance's code list. */
  reasonCode: number;
}

/**
 * The issuer revokes one of its records. The contract checks the caller is a current key of the
 * issuer named in the record, so no other member can revoke it; a recognised record's fee flows back.
 */
export async function revokeAttestation(client: AllianceClient, p: RevokeAttestationParameters) {
  return { transactionHash: (await sendTransaction(() => client.creditLedger.revoke(p.record, p.reasonCode))).hash };
}

/** The issuer revokes a record and links its own anchored record that corrects it. */
export async function supersedeAttestation(
  client: AllianceClient,
  p: RevokeAttestationParameters & { replacement: RecordReference },
) {
  return {
    transactionHash: (await sendTransaction(() => client.creditLedger.supersede(p.record, p.replacement, p.reasonCode)))
      .hash,
  };
}
