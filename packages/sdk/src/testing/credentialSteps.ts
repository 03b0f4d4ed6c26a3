import { recognizeAttestations } from "../actions/credits/recognizeAttestations.js";
import { revokeAttestation } from "../actions/credits/revokeAttestation.js";
import type { AllianceClient } from "../client/createAllianceClient.js";
import type { CredentialFile } from "../credentials/credentialFile.js";

/** The home school (`home`, its operator) accepts the credit `file` attests, on chain. */
export async function acceptCredential(home: AllianceClient, file: CredentialFile) {
  return recognizeAttestations(home, {
    items: [
      { batchRoot: file.batchRoot, attestation: file.attestation, proof: file.proof, decide: { decision: "accept" } },
    ],
  });
}

/** The issuing school (`issuer`, its operator) revokes the record `file` attests, on chain. */
export async function revokeCredential(issuer: AllianceClient, file: CredentialFile, reasonCode: number) {
  return revokeAttestation(issuer, {
    record: { root: file.batchRoot, attestation: file.attestation, proof: file.proof },
    reasonCode,
  });
}
