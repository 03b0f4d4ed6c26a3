import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import type { DocumentLoader } from "./documentLoader.js";
import { type IssuerKeyMaterial, issuerKeyPair } from "./issuerKey.js";

/** A credential with its embedded Data Integrity proof (`eddsa-rdfc-2022`). */
export type SignedCredential<T extends object = Record<string, unknown>> = T & {
  proof: Array<Record<string, unknown>>;
};

/**
 * Signs a credential with an embedded `DataIntegrityProof` using the `eddsa-rdfc-2022` cryptosuite. The
 * proof is returned as an array, the shape Open Badges 3.0's JSON Schema requires (it verifies the same).
 * Every term must be defined by the credential's contexts: canonicalization refuses unknown ones.
 */
export async function signCredential<T extends object>(
  credential: T,
  key: IssuerKeyMaterial,
  documentLoader: DocumentLoader,
): Promise<SignedCredential<T>> {
  const pair = await issuerKeyPair(key);
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022 });
  const signed = (await vc.issue({ credential: structuredClone(credential), suite, documentLoader })) as T & {
    proof: Record<string, unknown> | Array<Record<string, unknown>>;
  };
  return { ...signed, proof: [signed.proof].flat() };
}

/** What a standard verifier concludes about a signed credential: the proof, the issuer's key, the status. */
export interface SignedVerification {
  verified: boolean;
  /** true when a status list says the credential is revoked. */
  revoked: boolean;
  errors: string[];
}

/**
 * Verifies a signed credential as any W3C verifier would (`@digitalbazaar/vc`'s verifyCredential): the
 * proof against the issuer's DID document, and the credential's status list (itself signed by the
 * issuer). The library reports a set status bit without failing; here a revoked credential does not verify.
 */
export async function verifySignedCredential(
  credential: object,
  documentLoader: DocumentLoader,
): Promise<SignedVerification> {
  let revoked = false;
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    checkStatus: async (options: object) => {
      const status = await checkStatus(options);
      revoked = status.verified && (status.results ?? []).some((r) => r.status);
      return revoked ? { ...status, verified: false, error: new Error("the issuer revoked this credential") } : status;
    },
  });
  return { verified: result.verified, revoked, errors: errorsOf(result) };
}

function errorsOf(result: { error?: unknown; results?: unknown[]; statusResult?: unknown }): string[] {
  const messages: string[] = [];
  const walk = (e: unknown) => {
    if (!e || typeof e !== "object") return;
    const error = e as { message?: string; errors?: unknown[]; error?: unknown };
    if (error.errors) error.errors.forEach(walk);
    else if (error.error) walk(error.error);
    else if (error.message) messages.push(error.message);
  };
  walk(result.error);
  for (const r of result.results ?? []) walk(r);
  walk(result.statusResult);
  return [...new Set(messages)];
}
