import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Database } from "../db/database.js";
import { openSecret, sealSecret } from "../issuers/secretBox.js";

/** A member's keys for talking to other gateways: Ed25519 signs its requests, X25519 opens what is sent to it. */
export interface TransportKeys {
  memberId: number;
  /** Raw 32-byte public keys as 0x-hex: what the gateway directory on chain holds. */
  signingPublic: string;
  encryptionPublic: string;
  signingKey: KeyObject;
  encryptionKey: KeyObject;
}

const rawOf = (key: KeyObject) =>
  `0x${Buffer.from(createPublicKey(key).export({ format: "jwk" }).x as string, "base64url").toString("hex")}`;

/** An Ed25519 or X25519 public key object from its raw 32 bytes (0x-hex). */
export function publicKeyFromRaw(raw: string, curve: "Ed25519" | "X25519"): KeyObject {
  return createPublicKey({
    key: { kty: "OKP", crv: curve, x: Buffer.from(raw.slice(2), "hex").toString("base64url") },
    format: "jwk",
  });
}

const pem = (key: KeyObject) => key.export({ format: "pem", type: "pkcs8" }) as string;

/** Keys opened in this process, by their public signing key: scrypt runs once per key, not once per pull. */
const opened = new Map<string, TransportKeys>();

/**
 * The member's current transport keys, made (and sealed at rest with the gateway's passphrase, as the
 * credential-signing keys are) on first use when `create`; `rotate` makes new ones, keeping the old
 * rows. Only the gateway that serves the member holds them; the chain holds the public halves.
 */
export async function transportKeys(
  db: Database,
  memberId: number,
  passphrase: string,
  options: { create?: boolean; rotate?: boolean } = {},
): Promise<TransportKeys | undefined> {
  const [row] = await db.query<Record<string, unknown>>(
    "transport.current",
    "SELECT * FROM transport_keys WHERE member_id = $1 ORDER BY n DESC LIMIT 1",
    [memberId],
  );
  if (row && !options.rotate) {
    const cached = opened.get(String(row.signing_public));
    if (cached?.memberId === memberId) return cached;
    const label = `transport:${memberId}:${row.n}`;
    const keys = {
      memberId,
      signingPublic: String(row.signing_public),
      encryptionPublic: String(row.encryption_public),
      signingKey: createPrivateKey(await openSecret(String(row.signing_secret), passphrase, `${label}:sign`)),
      encryptionKey: createPrivateKey(await openSecret(String(row.encryption_secret), passphrase, `${label}:enc`)),
    };
    opened.set(keys.signingPublic, keys);
    return keys;
  }
  if (!options.create && !options.rotate) return undefined;
  const n = row ? Number(row.n) + 1 : 1;
  const signing = generateKeyPairSync("ed25519").privateKey;
  const encryption = generateKeyPairSync("x25519").privateKey;
  const label = `transport:${memberId}:${n}`;
  // Two gateways racing to make a member's first keys: the primary key keeps one; the loser reads it.
  await db.query(
    "transport.insert",
    `INSERT INTO transport_keys (member_id, n, signing_public, signing_secret, encryption_public, encryption_secret, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (member_id, n) DO NOTHING`,
    [
      memberId,
      n,
      rawOf(signing),
      await sealSecret(pem(signing), passphrase, `${label}:sign`),
      rawOf(encryption),
      await sealSecret(pem(encryption), passphrase, `${label}:enc`),
      new Date().toISOString(),
    ],
  );
  return transportKeys(db, memberId, passphrase);
}
