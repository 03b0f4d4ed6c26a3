import {
  type AllianceClient,
  createDocumentLoader,
  DID_CONTEXT,
  type DidDocument,
  type DocumentLoader,
  generateIssuerKey,
  type IssuerKeyMaterial,
  issuerKeyFingerprint,
  MULTIKEY_CONTEXT,
  memberDid,
  publishIssuerKey,
} from "@alliance-ledger/sdk";
import type { Database, Queryable } from "../db/database.js";
import { DomainError } from "../errors.js";
import { openSecret, sealSecret } from "./secretBox.js";

interface KeyRow {
  member_id: number;
  n: number;
  key_id: string;
  public_multibase: string;
  secret_box: string;
  created_at: string;
}

/** A member's signing key as the DID document and the API show it. */
export interface IssuerKeyInfo {
  id: string;
  publicKeyMultibase: string;
  fingerprint: string;
  createdAt: string;
  current: boolean;
}

/**
 * Each member school's credential-signing keys (Ed25519), kept by the gateway like its operator keys:
 * the secret encrypted at rest with ALLIANCE_KEY_PASSPHRASE, rotatable, and every key ever used kept in
 * the member's did:web document, so credentials signed before a rotation still verify. The DIDs are
 * named after the gateway's public URL (`did:web:<host>%3A<port>:members:<id>`).
 */
export interface IssuerKeys {
  publicUrl: string;
  did(memberId: number): string;
  statusListUrl(memberId: number, list: number): string;
  /** The member's newest key, made on first use. 409 `issuer_keys_unavailable` without a passphrase. */
  current(memberId: number): Promise<IssuerKeyMaterial>;
  /** Every key of the member, oldest first. */
  list(memberId: number): Promise<IssuerKeyInfo[]>;
  /** A new key signs from now on; the old ones stay in the document. `tx`: the caller's transaction. */
  rotate(memberId: number, tx?: Queryable): Promise<IssuerKeyInfo>;
  /** The member's did:web document, or undefined before its first key. */
  document(memberId: number): Promise<DidDocument | undefined>;
  /** Resolves this gateway's own DIDs from its table, for signing and checking its own credentials. */
  loader: DocumentLoader;
  /**
   * Publishes on chain the fingerprint of every key the ledger does not have yet, for members whose
   * custodial key the gateway holds (a crash between making a key and publishing it heals here).
   */
  publishMissing(): Promise<number>;
}

export function createIssuerKeys(p: {
  db: Database;
  passphrase?: string;
  publicUrl: string;
  /** The ledger, to publish each key's fingerprint with the member's custodial key (when the gateway has it). */
  reader?: AllianceClient;
  signers?: Map<number, AllianceClient>;
}): IssuerKeys {
  const { db } = p;
  const url = new URL(p.publicUrl);
  const publicUrl = url.origin;
  const did = (memberId: number) => memberDid(url.host, memberId);
  const opened = new Map<string, IssuerKeyMaterial>();

  const rows = (memberId: number, q: Queryable = db) =>
    q.query<KeyRow>(
      "issuerKeys.list",
      "SELECT member_id, n, key_id, public_multibase, secret_box, created_at FROM issuer_keys WHERE member_id = $1 ORDER BY n",
      [memberId],
    );
  const requirePassphrase = () => {
    if (!p.passphrase)
      throw new DomainError(
        "issuer_keys_unavailable",
        "This gateway keeps no signing keys: set ALLIANCE_KEY_PASSPHRASE to let it sign credentials.",
      );
    return p.passphrase;
  };
  const add = async (memberId: number, n: number, q: Queryable = db) => {
    const passphrase = requirePassphrase();
    const key = await generateIssuerKey(did(memberId), n);
    await q.query(
      "issuerKeys.insert",
      "INSERT INTO issuer_keys (member_id, n, key_id, public_multibase, secret_box, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (member_id, n) DO NOTHING",
      [
        memberId,
        n,
        key.id,
        key.publicKeyMultibase,
        await sealSecret(key.secretKeyMultibase, passphrase),
        new Date().toISOString(),
      ],
    );
  };
  /** The key's fingerprint on chain, unless it is there already or the gateway cannot sign for the member. */
  const publish = async (memberId: number, publicKeyMultibase: string) => {
    const signer = p.signers?.get(memberId);
    if (!signer || !p.reader) return false;
    const fingerprint = issuerKeyFingerprint(publicKeyMultibase);
    if (Number(await p.reader.registry.issuerKeyMember(fingerprint)) !== 0) return false;
    await publishIssuerKey(signer, { memberId, fingerprint });
    return true;
  };
  const info = (r: KeyRow, newest: number): IssuerKeyInfo => ({
    id: r.key_id,
    publicKeyMultibase: r.public_multibase,
    fingerprint: issuerKeyFingerprint(r.public_multibase),
    createdAt: r.created_at,
    current: Number(r.n) === newest,
  });
  const document = async (memberId: number): Promise<DidDocument | undefined> => {
    const keys = await rows(memberId);
    if (keys.length === 0) return undefined;
    const id = did(memberId);
    return {
      "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
      id,
      verificationMethod: keys.map((k) => ({
        id: k.key_id,
        type: "Multikey",
        controller: id,
        publicKeyMultibase: k.public_multibase,
      })),
      assertionMethod: keys.map((k) => k.key_id),
    };
  };

  return {
    publicUrl,
    did,
    statusListUrl: (memberId, list) => `${publicUrl}/members/${memberId}/status/${list}`,
    async current(memberId) {
      let keys = await rows(memberId);
      if (keys.length === 0) {
        // Two first exports at once insert key 1 once: the loser's insert does nothing and both read it.
        await add(memberId, 1);
        keys = await rows(memberId);
        await publish(memberId, keys[0].public_multibase);
      }
      const newest = keys[keys.length - 1];
      const cached = opened.get(newest.key_id);
      if (cached) return cached;
      let secretKeyMultibase: string;
      try {
        secretKeyMultibase = await openSecret(newest.secret_box, requirePassphrase());
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw new DomainError(
          "issuer_keys_unavailable",
          `The signing key of member ${memberId} cannot be opened: is ALLIANCE_KEY_PASSPHRASE the one it was made with?`,
        );
      }
      const key = {
        id: newest.key_id,
        controller: did(memberId),
        publicKeyMultibase: newest.public_multibase,
        secretKeyMultibase,
      };
      opened.set(key.id, key);
      return key;
    },
    async list(memberId) {
      const keys = await rows(memberId);
      return keys.map((k) => info(k, Number(keys[keys.length - 1].n)));
    },
    async rotate(memberId, tx = db) {
      const keys = await rows(memberId, tx);
      const n = keys.length === 0 ? 1 : Number(keys[keys.length - 1].n) + 1;
      await add(memberId, n, tx);
      const after = await rows(memberId, tx);
      // On chain before the answer: a refusal (a suspended member) undoes the new key with the transaction.
      await publish(memberId, after.find((k) => Number(k.n) === n)!.public_multibase);
      return info(after.find((k) => Number(k.n) === n)!, n);
    },
    document,
    async publishMissing() {
      const all = await db.query<KeyRow>("issuerKeys.all", "SELECT member_id, public_multibase FROM issuer_keys");
      let published = 0;
      for (const k of all) if (await publish(Number(k.member_id), k.public_multibase)) published++;
      return published;
    },
    loader: createDocumentLoader({
      resolveDid: async (d) => {
        const match = /:members:(\d+)$/.exec(d);
        const doc = match && d === did(Number(match[1])) ? await document(Number(match[1])) : undefined;
        if (!doc) throw new Error(`${d} is not a member DID of this gateway`);
        return doc;
      },
    }),
  };
}
