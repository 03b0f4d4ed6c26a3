import type { KeyObject } from "node:crypto";
import { CompactEncrypt, compactDecrypt, importJWK } from "jose";

/**
 * Records for one member, encrypted to its X25519 key on chain as a compact JWE (ECDH-ES+A256KW,
 * A256GCM): only the gateway holding the member's private key can read them, whoever carries them.
 */
export async function sealForMember(payload: unknown, encryptionPublic: string): Promise<string> {
  const key = await importJWK(
    { kty: "OKP", crv: "X25519", x: Buffer.from(encryptionPublic.slice(2), "hex").toString("base64url") },
    "ECDH-ES+A256KW",
  );
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM", cty: "application/json" })
    .encrypt(key);
}

/** Opens an envelope with the member's X25519 private key; throws when it is not for this key or was altered. */
export async function openEnvelope(jwe: string, encryptionKey: KeyObject): Promise<unknown> {
  const { plaintext } = await compactDecrypt(jwe, encryptionKey);
  return JSON.parse(new TextDecoder().decode(plaintext));
}
