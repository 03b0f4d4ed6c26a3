import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type CredentialFile, hideFields } from "@alliance-ledger/sdk";
import QRCode from "qrcode";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import { credentialFileOf, verifyCredentialFile } from "../credentials/service.js";
import type { ReadDependencies } from "../deps.js";
import { HIDEABLE, type Hideable, type ShareInput } from "./schemas.js";

const DAY_MS = 86_400_000;
/** An expired share still says "expired" (410) this long, then it is deleted and is simply unknown (404). */
const KEEP_EXPIRED_DAYS = 30;
/**
 * Live links one credential may have. Anyone may share, so without a cap one valid file posted in a loop
 * would fill the gateway's disk (the rate limit alone allows hundreds a minute); with it, what is stored
 * is bounded by the credentials the alliance issued.
 */
export const MAX_LIVE_SHARES = 20;

/** The verifier page's path that opens a share. */
export const sharePath = (token: string) => `/verify?share=${encodeURIComponent(token)}`;

/**
 * Stores a copy of a credential for a share link. Only a credential that verifies against this
 * alliance's deployment is kept (the gateway is no free storage for anyone's JSON), and the openings
 * the holder hides are removed before it is written: the gateway never stores them.
 *
 * @throws DomainError 400 `invalid_credential_file`; 422 `credential_not_valid` naming the failed checks.
 */
export async function createShare(deps: ReadDependencies, input: ShareInput, origin: string, now = new Date()) {
  const file = credentialFileOf(input.credential);
  const verified = await verifyCredentialFile(
    { provider: deps.provider, creditLedger: deps.reader.addresses.creditLedger, db: deps.db },
    file,
  );
  if (!verified.valid)
    throw new DomainError(
      "credential_not_valid",
      "Only a credential that verifies against this alliance's ledger can be shared.",
      verified.checks.filter((c) => c.outcome === "fail").map((c) => ({ check: c.name, reason: c.reason })),
    );
  const stored = hideFields(file, input.hide ?? []);
  const token = randomBytes(16).toString("base64url");
  const withdrawKey = randomBytes(16).toString("base64url");
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString();
  const leaf = verified.leaf ?? "";
  await forgetLongExpired(deps.db, now);
  await deps.db.transaction(async (tx) => {
    const [{ live }] = await tx.query<{ live: number | string }>(
      "shares.live",
      // Links withdrawn in the last day count too: making and withdrawing links in a loop fills no disk.
      `SELECT COUNT(*) AS live FROM credential_shares
       WHERE leaf = $1 AND expires_at > $2 AND (withdrawn_at IS NULL OR withdrawn_at > $3)`,
      [leaf, now.toISOString(), new Date(now.getTime() - DAY_MS).toISOString()],
    );
    if (Number(live) >= MAX_LIVE_SHARES)
      throw new DomainError(
        "too_many_shares",
        `This credential already has ${MAX_LIVE_SHARES} share links that still work; share one of those, or wait until one expires.`,
        [{ live: Number(live), max: MAX_LIVE_SHARES }],
      );
    await tx.query(
      "shares.insert",
      `INSERT INTO credential_shares (token, leaf, credential, created_at, expires_at, withdraw_hash)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [token, leaf, JSON.stringify(stored), now.toISOString(), expiresAt, sha256(withdrawKey)],
    );
  });
  return { token, url: sharePath(token), link: `${origin}${sharePath(token)}`, expiresAt, withdrawKey };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The holder withdraws a share link with the key it was given when sharing: the link stops opening at
 * once and the stored copy is deleted. Withdrawing again is a no-op.
 *
 * @throws DomainError 404 `share_not_found`; 403 `forbidden` for any other key.
 */
export async function withdrawShare(db: Database, token: string, withdrawKey: string, now = new Date()) {
  const [row] = await db.query<{ withdraw_hash: string | null; withdrawn_at: string | null }>(
    "shares.withdrawable",
    "SELECT withdraw_hash, withdrawn_at FROM credential_shares WHERE token = $1",
    [token],
  );
  if (!row) throw new DomainError("share_not_found", "No credential is shared under this link.");
  const given = Buffer.from(sha256(withdrawKey), "hex");
  const kept = Buffer.from(row.withdraw_hash ?? "", "hex");
  if (kept.length !== given.length || !timingSafeEqual(kept, given))
    throw new DomainError("forbidden", "Only the key given when the link was made withdraws it.");
  if (row.withdrawn_at) return;
  await db.query(
    "shares.withdraw",
    "UPDATE credential_shares SET credential = '', withdrawn_at = $1 WHERE token = $2 AND withdrawn_at IS NULL",
    [now.toISOString(), token],
  );
}

/**
 * A share as its link opens it, with the openings it leaves out.
 *
 * @throws DomainError 404 `share_not_found`; 410 `share_expired` with its expiry.
 */
export async function readShare(db: Database, token: string, now = new Date()) {
  const [row] = await db.query<{ credential: string; expires_at: string; withdrawn_at: string | null }>(
    "shares.get",
    "SELECT credential, expires_at, withdrawn_at FROM credential_shares WHERE token = $1",
    [token],
  );
  if (!row) throw new DomainError("share_not_found", "No credential is shared under this link.");
  if (row.withdrawn_at)
    throw new DomainError("share_withdrawn", "The holder withdrew this share link.", [
      { withdrawnAt: row.withdrawn_at },
    ]);
  if (row.expires_at <= now.toISOString())
    throw new DomainError("share_expired", "This share link has expired; ask the holder for a new one.", [
      { expiresAt: row.expires_at },
    ]);
  const credential = JSON.parse(row.credential) as CredentialFile;
  const hidden: Hideable[] = HIDEABLE.filter((f) => !credential.disclosures[f]);
  return { credential, expiresAt: row.expires_at, hidden };
}

/** The share link's QR code, as SVG, for `origin` (the public URL, or the gateway as the requester reached it). */
export async function shareQrSvg(db: Database, token: string, origin: string): Promise<string> {
  await readShare(db, token);
  return QRCode.toString(`${origin}${sharePath(token)}`, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** Deletes shares long past expiry, so the table holds no credential longer than someone can open it (and a while). */
async function forgetLongExpired(db: Database, now: Date) {
  const before = new Date(now.getTime() - KEEP_EXPIRED_DAYS * DAY_MS).toISOString();
  await db.query("shares.forget", "DELETE FROM credential_shares WHERE expires_at < $1 OR withdrawn_at < $1", [before]);
}
