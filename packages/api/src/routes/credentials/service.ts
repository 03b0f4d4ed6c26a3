import {
  type AllianceClient,
  type CredentialFile,
  credentialFileProblems,
  finalFactsMemo,
  type VerificationFacts,
  type VerificationMemo,
  verifyCredential,
} from "@alliance-ledger/sdk";
import { decodeBytes32String, type Provider } from "ethers";
import { catalogReader } from "../../outbox/checkCatalog.js";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import { courseTitles } from "../courses/courseTexts.js";
import { hundredthsToCredits } from "../../validators.js";

/** `body` as a credential file, or 400 `invalid_credential_file` naming each problem. */
export function credentialFileOf(body: unknown): CredentialFile {
  const problems = credentialFileProblems(body);
  if (problems.length) {
    throw new DomainError(
      "invalid_credential_file",
      "This is not an Alliance Ledger credential file.",
      problems.map((p) => {
        const [field, ...message] = p.split(" ");
        return { field, message: message.join(" ") };
      }),
    );
  }
  return body as CredentialFile;
}

/** What never changes once read (an issuer's standing when it anchored), kept across requests per node. */
const finalFacts = new WeakMap<Provider, VerificationMemo>();

/**
 * What the index has seen of a record's revocation and recognition: the explanation of a result comes
 * from here, not from a scan of the chain's logs that grows with the chain (anyone may post credentials).
 */
function indexedFacts(db: Database): VerificationFacts {
  return {
    revocation: async (r) => {
      const [row] = await db.query<{ reason_code: number }>(
        "verify.revocation",
        "SELECT reason_code FROM indexed_records WHERE issuer_id = $1 AND root = $2 AND record_index = $3 AND revoked = 1",
        [r.issuerId, r.root.toLowerCase(), r.index],
      );
      return row && { reasonCode: Number(row.reason_code) };
    },
    recognition: async (r) => {
      const [row] = await db.query<{ decision: number; recognised_credits: number }>(
        "verify.recognition",
        `SELECT decision, recognised_credits FROM indexed_recognitions
         WHERE issuer_id = $1 AND batch_root = $2 AND record_index = $3`,
        [r.issuerId, r.root.toLowerCase(), r.index],
      );
      return row && { decision: Number(row.decision), recognisedCredits: Number(row.recognised_credits) };
    },
  };
}

/**
 * Every check of `file` against the chain. The gateway's own deployment is pinned (the addresses it is
 * configured with): a file naming any other ledger fails "deployment", however consistent it is.
 */
export async function verifyCredentialFile(
  deps: { provider: Provider; creditLedger: string; db: Database },
  file: CredentialFile,
) {
  const chainId = Number((await deps.provider.getNetwork()).chainId);
  if (!finalFacts.has(deps.provider)) finalFacts.set(deps.provider, finalFactsMemo());
  const verified = await verifyCredential(
    file,
    deps.provider,
    { chainId, creditLedger: deps.creditLedger },
    { memo: finalFacts.get(deps.provider), facts: indexedFacts(deps.db) },
  );
  return verified.recognition
    ? {
        ...verified,
        recognition: {
          ...verified.recognition,
          recognisedCredits: hundredthsToCredits(verified.recognition.recognisedCredits),
        },
      }
    : verified;
}

type Verified = Awaited<ReturnType<typeof verifyCredentialFile>>;

/**
 * What the credential says, for people: the schools by their registered names, the course by its code,
 * credits as on a transcript, and the grade and date when the holder disclosed them. Names are looked up
 * only for a file of this alliance's own deployment whose disclosures open: a foreign or tampered file
 * must not borrow our members' names.
 */
export async function describeCredential(
  reader: AllianceClient,
  db: Database,
  file: CredentialFile,
  verified: Verified,
) {
  const a = file.attestation;
  const passed = (name: string) => verified.checks.some((c) => c.name === name && c.outcome === "pass");
  const ours = passed("deployment");
  const nameOf = async (memberId: number) =>
    ours
      ? reader.registry.member(memberId).then(
          (m) => m.name as string,
          () => null,
        )
      : null;
  const course = ours
    ? await catalogReader(reader)
        .course(Number(a.courseId))
        .catch(() => undefined)
    : undefined;
  const disclosed = passed("disclosures");
  return {
    issuer: { memberId: Number(a.issuerId), name: await nameOf(Number(a.issuerId)) },
    home: { memberId: Number(a.homeId), name: await nameOf(Number(a.homeId)) },
    course: {
      courseId: Number(a.courseId),
      version: Number(a.courseVersion),
      code: course ? decodeBytes32String(course.code) : null,
      title: ours
        ? ((await courseTitles(db, [{ courseId: Number(a.courseId), version: Number(a.courseVersion) }])).get(
            `${Number(a.courseId)}:${Number(a.courseVersion)}`,
          ) ?? null)
        : null,
    },
    term: Number(a.term),
    credits: hundredthsToCredits(Number(a.credits)),
    grade: disclosed ? (file.disclosures.grade?.value ?? null) : null,
    completionDate: disclosed ? (file.disclosures.completionDate?.value ?? null) : null,
  };
}
