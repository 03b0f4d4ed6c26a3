import { attestationLeafHash } from "../attestations/attestation.js";
import type { CredentialFile } from "./credentialFile.js";

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const OB_V3_SCHEMA_ID =
  "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json";

export interface OpenBadgeContext {
  issuer: { name: string; url?: string };
  course: { code: string; title: string; description?: string };
  /** When the batch was anchored (block timestamp): the credential is valid from then. */
  anchoredAt: Date;
}

/** The parts of an Open Badges 3.0 AchievementCredential this export fills in. */
export interface OpenBadgeCredential {
  "@context": string[];
  id: string;
  type: string[];
  name: string;
  issuer: { id: string; type: string[]; name: string; url?: string };
  validFrom: string;
  credentialSubject: {
    type: string[];
    achievement: {
      id: string;
      type: string[];
      achievementType: string;
      name: string;
      description: string;
      criteria: { narrative: string };
      creditsAvailable: number;
      humanCode: string;
    };
    creditsEarned: number;
    term: string;
    activityEndDate?: string;
    result?: Array<{ type: string[]; value: string }>;
  };
  evidence: Array<{ id: string; type: string[]; name: string; narrative: string }>;
  credentialSchema: Array<{ id: string; type: string }>;
}

/**
 * Exports a credential file as a W3C Verifiable Credential 2.0 in the Open Badges 3.0
 * AchievementCredential shape, so the credit travels outside the alliance. Only what the holder
 * disclosed is included: with the grade hidden there is no result. The learner stays pseudonymous (no
 * subject id); the evidence names the on-chain anchor that `verifyCredential` checks. The export is
 * unsigned: the issuer may add a Data Integrity proof with its own key.
 */
export function exportOpenBadgeCredential(file: CredentialFile, context: OpenBadgeContext): OpenBadgeCredential {
  const a = file.attestation;
  const leaf = attestationLeafHash(a);
  const anchor = `urn:alliance-ledger:${file.chainId}:${file.creditLedger.toLowerCase()}:${file.batchRoot}`;
  const credits = a.credits / 100;
  const completion = file.disclosures.completionDate?.value;
  return {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `${anchor}:${leaf}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${context.course.code} ${context.course.title}`,
    issuer: {
      id: `urn:alliance-ledger:${file.chainId}:${file.creditLedger.toLowerCase()}:member:${a.issuerId}`,
      type: ["Profile"],
      name: context.issuer.name,
      ...(context.issuer.url ? { url: context.issuer.url } : {}),
    },
    validFrom: context.anchoredAt.toISOString(),
    credentialSubject: {
      type: ["AchievementSubject"],
      achievement: {
        id: `urn:alliance-ledger:${file.chainId}:${file.creditLedger.toLowerCase()}:course:${a.courseId}:v${a.courseVersion}`,
        type: ["Achievement"],
        achievementType: "Course",
        name: context.course.title,
        description: context.course.description ?? `Shared course ${context.course.code}, version ${a.courseVersion}.`,
        criteria: { narrative: "Completed the shared course and was assessed by the host school." },
        creditsAvailable: credits,
        humanCode: context.course.code,
      },
      creditsEarned: credits,
      term: String(a.term),
      ...(completion ? { activityEndDate: `${completion}T00:00:00Z` } : {}),
      ...(file.disclosures.grade ? { result: [{ type: ["Result"], value: file.disclosures.grade.value }] } : {}),
    },
    evidence: [
      {
        id: `${anchor}:${leaf}`,
        type: ["Evidence"],
        name: "Anchored credit attestation",
        narrative: `Leaf ${leaf} of batch ${file.batchRoot}, anchored on chain ${file.chainId} in the credit ledger ${file.creditLedger}. Verify with the Alliance Ledger credential file and any node of that chain.`,
      },
    ],
    credentialSchema: [{ id: OB_V3_SCHEMA_ID, type: "1EdTechJsonSchemaValidator2019" }],
  };
}
