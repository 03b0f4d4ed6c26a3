import type { Attestation } from "../attestations/attestation.js";
import type { AttestationTree } from "../attestations/buildAttestationTree.js";
import { attestationLeafValues } from "../attestations/attestation.js";
import { BaseError } from "../errors/BaseError.js";
import type { Disclosures, SealedAttestation } from "./sealAttestation.js";

export const CREDENTIAL_FILE_TYPE = "AllianceCreditCredential";
/** 2: the leaf binds the record's index in its batch; batches are keyed by issuer and root. */
export const CREDENTIAL_FILE_VERSION = 2;

/**
 * The file a student receives for one credit: everything needed to verify it offline against any
 * node of the alliance's chain. Versioned; its JSON Schema is `packages/sdk/schemas/credential-file.schema.json`.
 */
export interface CredentialFile {
  type: typeof CREDENTIAL_FILE_TYPE;
  version: typeof CREDENTIAL_FILE_VERSION;
  chainId: number;
  creditLedger: string;
  /** The batch id: the Merkle root the issuer anchored. */
  batchRoot: string;
  proof: string[];
  attestation: Attestation;
  /** Openings of the commitments the holder chose to show; any may be absent. */
  disclosures: Disclosures;
}

export interface IssueCredentialFilesParameters {
  tree: AttestationTree;
  sealed: readonly SealedAttestation[];
  chainId: number;
  creditLedger: string;
}

/** One credential file per attestation of an anchored batch, in the order the batch was built. */
export function issueCredentialFiles(p: IssueCredentialFilesParameters): CredentialFile[] {
  if (p.tree.length !== p.sealed.length) {
    throw new BaseError(`The tree has ${p.tree.length} leaves but ${p.sealed.length} sealed attestations were given.`);
  }
  return p.sealed.map((_, i) => issueCredentialFile({ ...p, index: i }));
}

/** The credential file of attestation `index` of an anchored batch (one proof: O(log n), not the whole batch). */
export function issueCredentialFile(p: IssueCredentialFilesParameters & { index: number }): CredentialFile {
  const s = p.sealed[p.index];
  const values = p.index < p.tree.length ? p.tree.at(p.index) : undefined;
  if (!s || JSON.stringify(values) !== JSON.stringify(attestationLeafValues(s.attestation))) {
    throw new BaseError(`Attestation ${p.index} is not the tree's leaf ${p.index}.`, {
      details: ["Build the tree from the sealed attestations, in the same order."],
    });
  }
  return {
    type: CREDENTIAL_FILE_TYPE,
    version: CREDENTIAL_FILE_VERSION,
    chainId: p.chainId,
    creditLedger: p.creditLedger,
    batchRoot: p.tree.root,
    proof: p.tree.getProof(p.index),
    attestation: s.attestation,
    disclosures: { ...s.disclosures },
  };
}

/**
 * Selective disclosure: a copy of the credential without the chosen openings. It still verifies, because
 * the commitments stay in the attestation; the hidden values cannot be recovered from them.
 *
 * @example hideFields(credential, ["grade"])
 */
export function hideFields(file: CredentialFile, fields: ReadonlyArray<keyof Disclosures>): CredentialFile {
  const disclosures = { ...file.disclosures };
  for (const f of fields) delete disclosures[f];
  return { ...file, disclosures };
}
