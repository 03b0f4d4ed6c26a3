import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";

/** scrypt's cost for a signing key's box: 2^15 (tens of ms, once per key per process). */
const SCRYPT_N = 1 << 15;
/** The most a box may ask of scrypt: a forged box must not make opening it a denial of service. */
const MAX_SCRYPT_N = 1 << 17;

/** scrypt off the event loop, with room for N = 2^15 (128 · N · r bytes = 32 MiB, node's default ceiling). */
const deriveKey = (passphrase: string, salt: Buffer, n: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase, salt, 32, { N: n, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/**
 * A secret encrypted at rest with the gateway's passphrase: scrypt derives an AES-256-GCM key from it
 * and a fresh salt, so a copied database alone opens nothing, and a changed byte fails to decrypt. The
 * box is bound to `label` (the key's id): moved to another row, it does not open.
 */
export async function sealSecret(secret: string, passphrase: string, label: string): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await deriveKey(passphrase, salt, SCRYPT_N), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(label, "utf8"));
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return JSON.stringify({
    kdf: "scrypt",
    n: SCRYPT_N,
    cipher: "aes-256-gcm",
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  });
}

/** The secret in a box; throws when the passphrase or label is wrong or the box was altered. */
export async function openSecret(box: string, passphrase: string, label: string): Promise<string> {
  const b = JSON.parse(box) as { n: number; salt: string; iv: string; tag: string; data: string };
  if (!Number.isInteger(b.n) || b.n < 2 || b.n > MAX_SCRYPT_N)
    throw new Error("the box asks for an unusual scrypt cost");
  const key = await deriveKey(passphrase, Buffer.from(b.salt, "base64"), b.n);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(b.iv, "base64"), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(label, "utf8"));
  decipher.setAuthTag(Buffer.from(b.tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(b.data, "base64")), decipher.final()]).toString("utf8");
}
