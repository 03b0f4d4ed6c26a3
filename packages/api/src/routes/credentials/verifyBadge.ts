import { createRequire } from "node:module";
import {
  checkIssuerKeysOnChain,
  createDocumentLoader,
  type DidDocument,
  verifySignedCredential,
} from "@alliance-ledger/sdk";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { DomainError } from "../../errors.js";
import type { RouteDependencies } from "../deps.js";
import { signedStatusList } from "../issuers/service.js";

const require = createRequire(import.meta.url);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(
  require("@alliance-ledger/sdk/schemas/vendor/ob_v3p0_achievementcredential.schema.json"),
);

type Outcome = "pass" | "fail" | "skipped";
interface Check {
  name: "issuer" | "schema" | "signature" | "keyOnChain" | "status";
  outcome: Outcome;
  detail?: string;
}
type Badge = Record<string, unknown> & {
  type?: unknown;
  issuer?: string | { id?: string; name?: string };
  proof?: Array<{ verificationMethod?: string }> | { verificationMethod?: string };
  credentialSubject?: Record<string, unknown>;
};

/**
 * Checks a signed Open Badges credential of this alliance as an outside verifier would, with nothing
 * fetched from elsewhere: its issuer is one of this gateway's member DIDs, it fits 1EdTech's schema,
 * its proof verifies with the school's key, that key's fingerprint is on chain for the school, and its
 * status list (derived from the chain) does not say revoked.
 */
export async function verifyOpenBadge(deps: RouteDependencies, body: unknown) {
  const badge = body as Badge;
  if (
    typeof body !== "object" ||
    body === null ||
    !Array.isArray(badge.type) ||
    !badge.type.includes("OpenBadgeCredential")
  )
    throw new DomainError("not_an_open_badge", "This is not an Open Badges credential (type OpenBadgeCredential).");
  const { issuerKeys } = deps;
  const checks: Check[] = [];
  const issuerDid = typeof badge.issuer === "string" ? badge.issuer : badge.issuer?.id;
  const match = /:members:(\d+)$/.exec(issuerDid ?? "");
  const memberId = match && issuerDid === issuerKeys.did(Number(match[1])) ? Number(match[1]) : undefined;
  const document = memberId === undefined ? undefined : await issuerKeys.document(memberId);
  checks.push({ name: "issuer", outcome: document ? "pass" : "fail", detail: issuerDid });
  const schemaOk = validateSchema(badge);
  checks.push({
    name: "schema",
    outcome: schemaOk ? "pass" : "fail",
    detail: schemaOk ? undefined : ajv.errorsText(validateSchema.errors, { separator: "; " }).slice(0, 500),
  });
  let revoked = false;
  // A proof set passes when any one proof verifies, but keyOnChain judges one key: with two proofs, a
  // decoy naming the published key could stand beside a real signature by a key never published.
  const proofs = [badge.proof].flat().filter(Boolean);
  if (memberId === undefined || !document) {
    for (const name of ["signature", "keyOnChain", "status"] as const) checks.push({ name, outcome: "skipped" });
  } else if (proofs.length !== 1) {
    checks.push({
      name: "signature",
      outcome: "fail",
      detail: `exactly one proof is accepted; this credential carries ${proofs.length}`,
    });
    for (const name of ["keyOnChain", "status"] as const) checks.push({ name, outcome: "skipped" });
  } else {
    const loader = createDocumentLoader({
      resolveDid: async (did) => (await issuerKeys.loader(did)).document as DidDocument,
      // Only this gateway's own status lists, made from the chain here: nothing is fetched.
      fetchDocument: async (url) => {
        const list = new RegExp(`^${issuerKeys.publicUrl}/members/(\\d+)/status/(\\d+)$`).exec(url);
        if (!list) throw new Error(`not a status list of this gateway: ${url}`);
        return signedStatusList(deps, Number(list[1]), Number(list[2]));
      },
    });
    const result = await verifySignedCredential(badge, loader).catch((error: Error) => ({
      verified: false,
      revoked: false,
      errors: [error.message],
    }));
    revoked = result.revoked;
    const signed = result.verified || result.revoked;
    checks.push({
      name: "signature",
      outcome: signed ? "pass" : "fail",
      detail: signed ? undefined : result.errors[0],
    });
    const method = proofs[0]?.verificationMethod;
    const key = document.verificationMethod.filter((m) => m.id === method);
    const onChain = key.length
      ? await checkIssuerKeysOnChain(deps.reader, memberId, { ...document, verificationMethod: key })
      : [];
    checks.push({ name: "keyOnChain", outcome: onChain[0]?.onChain ? "pass" : "fail", detail: method });
    checks.push({ name: "status", outcome: !signed ? "skipped" : revoked ? "fail" : "pass" });
  }
  const subject = badge.credentialSubject ?? {};
  const achievement = (subject.achievement ?? {}) as Record<string, unknown>;
  const result = (subject.result as Array<{ value?: string }> | undefined)?.[0]?.value;
  const issuerName =
    memberId === undefined
      ? null
      : await deps.reader.registry.member(memberId).then(
          (m) => m.name as string,
          () => null,
        );
  return {
    valid: checks.every((c) => c.outcome === "pass"),
    revoked,
    checks,
    about: {
      issuer: { did: issuerDid ?? null, memberId: memberId ?? null, name: issuerName },
      achievement: typeof achievement.name === "string" ? achievement.name : null,
      code: typeof achievement.humanCode === "string" ? achievement.humanCode : null,
      creditsEarned: typeof subject.creditsEarned === "number" ? subject.creditsEarned : null,
      term: typeof subject.term === "string" ? subject.term : null,
      grade: typeof result === "string" ? result : null,
      validFrom: typeof badge.validFrom === "string" ? badge.validFrom : null,
    },
  };
}
