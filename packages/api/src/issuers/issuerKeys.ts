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
  /**
   * The member's newest key; `create` makes the first one (an authenticated export does, a public read
   * never). 404 `did_not_found` without one; 409 `issuer_keys_unavailable` without a passphrase.
   */
  current(memberId: number, options?: { create?: boolean }): Promise<IssuerKeyMaterial>;
  /** Every key of the member, oldest first. */
  list(memberId: number): Promise<IssuerKeyInfo[]>;
  /** A new key signs from now on; the old ones stay in the document. `tx`: the caller's transaction. */
  rotate(memberId: number, tx?: Queryable): Promise<IssuerKeyInfo>;
  /** The member's did:web document, or undefined before its first key. */
  document(memberId: number): Promise<DidDocument | undefined>;
  /** Resolves this gateway's own DIDs from its table, for signing and checking its own credentials. */
  loader: DocumentLoader;
  /**
   * Publishes on chain the fingerprint of each of the member's keys (every member's without one) the
   * ledger does not have yet, for members whose custodial key the gateway holds. Each failure is
   * returned, not thrown: one suspended member must not stop the others'.
   */
  publishMissing(
    memberId?: number,
  ): Promise<{ published: number; failed: Array<{ memberId: number; error: unknown }> }>;
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
  /** Fingerprints known to be on chain for their member: checked once per process. */
  const onChain = new Set<string>();

  // Member ids are uint32 on chain, INTEGER (signed 32-bit) in PostgreSQL: an id past it has no keys here.
  const rows = async (memberId: number, q: Queryable = db) =>
    memberId > 2 ** 31 - 1
      ? []
      : q.query<KeyRow>(
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
        await sealSecret(key.secretKeyMultibase, passphrase, key.id),
        new Date().toISOString(),
      ],
    );
  };
  /** The key's fingerprint on chain, unless it is there already or the gateway cannot sign for the member. */
  const publish = async (memberId: number, publicKeyMultibase: string) => {
    const fingerprint = issuerKeyFingerprint(publicKeyMultibase);
    const signer = p.signers?.get(memberId);
    if (onChain.has(`${memberId}:${fingerprint}`) || !signer || !p.reader) return false;
    const published = Number(await p.reader.registry.issuerKeyPublishedAt(memberId, fingerprint)) !== 0;
    if (!published) await publishIssuerKey(signer, { memberId, fingerprint });
    onChain.add(`${memberId}:${fingerprint}`);
    return !published;
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

  /** Each key's fingerprint on chain where missing; one failure (a suspended member) stops no other. */
  const publishEach = async (keys: Pick<KeyRow, "member_id" | "public_multibase">[]) => {
    let published = 0;
    const failed: Array<{ memberId: number; error: unknown }> = [];
    for (const k of keys) {
      try {
        if (await publish(Number(k.member_id), k.public_multibase)) published++;
      } catch (error) {
        failed.push({ memberId: Number(k.member_id), error });
      }
    }
    return { published, failed };
  };
  const publishMissing: IssuerKeys["publishMissing"] = async (memberId) =>
    publishEach(
      memberId === undefined
        ? await db.query<KeyRow>(
            "issuerKeys.all",
            "SELECT member_id, public_multibase FROM issuer_keys ORDER BY member_id, n",
          )
        : await rows(memberId),
    );

  return {
    publicUrl,
    did,
    statusListUrl: (memberId, list) => `${publicUrl}/members/${memberId}/status/${list}`,
    async current(memberId, options = {}) {
      let keys = await rows(memberId);
      if (keys.length === 0) {
        if (!options.create)
          throw new DomainError("did_not_found", `Member ${memberId} has signed no credential through this gateway.`, [
            { field: "memberId", value: memberId },
          ]);
        // Two first exports at once insert key 1 once: the loser's insert does nothing and both read it.
        await add(memberId, 1);
        keys = await rows(memberId);
      }
      const newest = keys[keys.length - 1];
      // A DID cannot be renamed: credentials name the old one. Refuse rather than sign under two names.
      if (!newest.key_id.startsWith(`${did(memberId)}#`))
        throw new DomainError(
          "issuer_keys_unavailable",
          `Member ${memberId}'s keys belong to ${newest.key_id.split("#")[0]}, not ${did(memberId)}: ALLIANCE_PUBLIC_URL changed after credentials were signed; set it back.`,
        );
      // A key made while the chain was away, or refused then, is published at its next use.
      await publishEach(keys);
      const cached = opened.get(newest.key_id);
      if (cached) return cached;
      let secretKeyMultibase: string;
      try {
        secretKeyMultibase = await openSecret(newest.secret_box, requirePassphrase(), newest.key_id);
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
      return info(after.find((k) => Number(k.n) === n)!, n);
    },
    document,
    publishMissing,
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
