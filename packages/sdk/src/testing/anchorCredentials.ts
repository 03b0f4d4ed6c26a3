import { anchorBatch } from "../actions/credits/anchorBatch.js";
import { buildAttestationTree, type AttestationTree } from "../attestations/buildAttestationTree.js";
import type { AllianceClient } from "../client/createAllianceClient.js";
import { issueCredentialFiles, type CredentialFile } from "../credentials/credentialFile.js";
import { type AttestationRecord, type SealedAttestation, sealAttestation } from "../credentials/sealAttestation.js";
import type { AllianceDeployment } from "../credentials/verifyCredential.js";

export interface AnchorCredentialsParameters
  extends Omit<AttestationRecord, "studentRef" | "grade" | "completionDate" | "index"> {
  /** One record per student, in batch order; grade "A" and completion 2026-07-10 unless given. */
  students: ReadonlyArray<{ ref: string; grade?: string; completionDate?: string }>;
}

/**
 * A test's batch of credits: one course's records for `students`, sealed, anchored by `issuer` (the
 * operator of `issuerId`) and issued as credential files pinned to the alliance's deployment.
 */
export async function anchorCredentials(
  issuer: AllianceClient,
  p: AnchorCredentialsParameters,
): Promise<{
  files: CredentialFile[];
  root: string;
  tree: AttestationTree;
  sealed: SealedAttestation[];
  deployment: AllianceDeployment;
}> {
  const { students, ...course } = p;
  const sealed = students.map((s, index) =>
    sealAttestation({
      ...course,
      studentRef: s.ref,
      grade: s.grade ?? "A",
      completionDate: s.completionDate ?? "2026-07-10",
      index,
    }),
  );
  const tree = buildAttestationTree(sealed.map((s) => s.attestation));
  await anchorBatch(issuer, { root: tree.root, count: sealed.length });
  const { chainId } = await issuer.provider.getNetwork();
  const deployment = { chainId: Number(chainId), creditLedger: issuer.addresses.creditLedger };
  return { files: issueCredentialFiles({ tree, sealed, ...deployment }), root: tree.root, tree, sealed, deployment };
}
