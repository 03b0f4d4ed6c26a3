import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { attestationLeafHash } from "../attestations/attestation.js";
import type { CredentialFile } from "./credentialFile.js";
import { OB_EXTENSIONS_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from "./signed/documentLoader.js";

export { OB_V3_CONTEXT, VC_V2_CONTEXT };
export const OB_V3_SCHEMA_ID =
  "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json";

export interface OpenBadgeContext {
  /** `id`: the issuer's DID (did:web of the member school); without one, a URN naming the ledger. */
  issuer: { name: string; url?: string; id?: string };
  /** `credits`: what the course version awards in the catalogue, as on a transcript. */
  course: { code: string; title: string; description?: string; credits?: number };
  /** When the batch was anchored (block timestamp): the credential is valid from then. */
  anchoredAt: Date;
  /** The student's own DID, when they gave one: then the subject is that DID. */
  holderDid?: string;
  /** The credential's revocation entry in the issuer's status list. */
  credentialStatus?: Record<string, string>;
}

/**
 * Open Badges' IdentityObject for the student: a salted SHA-256 of the student reference
 * (`sha256$<hex>`), which a school that knows the student can check. The salt is published with it (the
 * standard's design), so whoever holds the credential can test guesses of a student number: it hides
 * the number from a glance, not from a search. The salt is derived from the record's learner salt (not
 * that salt itself, which opens the on-chain commitment).
 */
export function learnerIdentity(studentRef: string, learnerSalt: string) {
  const salt = bytesToHex(sha256(new TextEncoder().encode(`alliance-ledger/ob-identity/${learnerSalt}`))).slice(0, 32);
  return {
    type: "IdentityObject",
    identityHash: `sha256$${bytesToHex(sha256(new TextEncoder().encode(studentRef + salt)))}`,
    identityType: "identifier",
    hashed: true,
    salt,
  };
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
    id?: string;
    type: string[];
    identifier?: Array<ReturnType<typeof learnerIdentity>>;
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
  credentialStatus?: Record<string, string>;
}

/**
 * Exports a credential file as a W3C Verifiable Credential 2.0 in the Open Badges 3.0
 * AchievementCredential shape, so the credit travels outside the alliance. Only what the holder
 * disclosed is included: with the grade hidden there is no result. The subject is the student's DID
 * when given, and otherwise carries a salted hash of the student reference (when the learner was
 * disclosed); the evidence names the on-chain anchor that `verifyCredential` checks. Unsigned: sign it
 * with `signCredential` and the issuer's key.
 */
export function exportOpenBadgeCredential(file: CredentialFile, context: OpenBadgeContext): OpenBadgeCredential {
  const a = file.attestation;
  const leaf = attestationLeafHash(a);
  const anchor = `urn:alliance-ledger:${file.chainId}:${file.creditLedger.toLowerCase()}:${file.batchRoot}`;
  const credits = a.credits / 100;
  const completion = file.disclosures.completionDate?.value;
  const learner = file.disclosures.learner;
  return {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_EXTENSIONS_CONTEXT],
    id: `${anchor}:${leaf}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${context.course.code} ${context.course.title}`,
    issuer: {
      id:
        context.issuer.id ??
        `urn:alliance-ledger:${file.chainId}:${file.creditLedger.toLowerCase()}:member:${a.issuerId}`,
      type: ["Profile"],
      name: context.issuer.name,
      ...(context.issuer.url ? { url: context.issuer.url } : {}),
    },
    validFrom: context.anchoredAt.toISOString(),
    credentialSubject: {
      ...(context.holderDid ? { id: context.holderDid } : {}),
      type: ["AchievementSubject"],
      // A DID names the student; otherwise the salted hash does (not both: the hash adds nothing but a guess to test).
      ...(learner && !context.holderDid ? { identifier: [learnerIdentity(learner.value, learner.salt)] } : {}),
      achievement: {
        id: `urn:alliance-ledger:${file.chainId}:${file.creditLedger.toLowerCase()}:course:${a.courseId}:v${a.courseVersion}`,
        type: ["Achievement"],
        achievementType: "Course",
        name: context.course.title,
        description: context.course.description ?? `Shared course ${context.course.code}, version ${a.courseVersion}.`,
        criteria: { narrative: "Completed the shared course and was assessed by the host school." },
        creditsAvailable: context.course.credits ?? credits,
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
    ...(context.credentialStatus ? { credentialStatus: context.credentialStatus } : {}),
  };
}
