import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/** An issuer's Ed25519 signing key as it is stored (the secret encrypted by whoever keeps it). */
export interface IssuerKeyMaterial {
  /** `<did>#<fragment>`: the verification method credentials name. */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** A fresh Ed25519 Multikey for `did`, named `<did>#key-<n>`. */
export async function generateIssuerKey(did: string, n: number): Promise<IssuerKeyMaterial> {
  const pair = await Ed25519Multikey.generate({ id: `${did}#key-${n}`, controller: did });
  const exported = await pair.export({ publicKey: true, secretKey: true });
  return {
    id: exported.id,
    controller: exported.controller,
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase!,
  };
}

/** The key pair that signs, from its stored material. */
export function issuerKeyPair(key: IssuerKeyMaterial): Promise<Ed25519Multikey.Ed25519KeyPair> {
  return Ed25519Multikey.from({ type: "Multikey", ...key });
}

/**
 * A public key's fingerprint as the ledger records it: SHA-256 of its Multikey string (`z6Mk…`), as
 * 0x-hex bytes32. A verifier recomputes it from the DID document and compares it with the chain.
 */
export function issuerKeyFingerprint(publicKeyMultibase: string): string {
  return `0x${bytesToHex(sha256(new TextEncoder().encode(publicKeyMultibase)))}`;
}
