import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database } from "../db/database.js";

export const Role = z.enum(["member", "secretariat", "auditor", "readonly"]);
export type Role = z.infer<typeof Role>;

export interface ApiKeyRecord {
  id: string;
  label: string;
  role: Role;
  memberId: number | null;
  createdAt: string;
  revokedAt: string | null;
}

const hash = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * Creates an API key bound to one role (and, for "member", one member). Only its SHA-256 is stored:
 * the key itself is returned once, here, and never again.
 */
export async function createApiKey(
  db: Database,
  p: { label: string; role: Role; memberId?: number | null },
): Promise<{ id: string; key: string }> {
  const id = randomBytes(6).toString("hex");
  const key = `al_${id}_${randomBytes(24).toString("base64url")}`;
  await db.query(
    "apiKeys.create",
    "INSERT INTO api_keys (id, key_hash, label, role, member_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [id, hash(key), p.label, p.role, p.memberId ?? null, new Date().toISOString()],
  );
  return { id, key };
}

/** The live key record for a presented key, or undefined (unknown or revoked). */
export async function findApiKey(db: Database, key: string): Promise<ApiKeyRecord | undefined> {
  const [row] = await db.query<Record<string, unknown>>(
    "apiKeys.find",
    "SELECT id, label, role, member_id, created_at, revoked_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [hash(key)],
  );
  return row && toRecord(row);
}

/** Revokes a key; returns false when there is no live key with that id. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  const rows = await db.query(
    "apiKeys.revoke",
    "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id",
    [new Date().toISOString(), id],
  );
  return rows.length > 0;
}

export async function countApiKeys(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number | string }>("apiKeys.count", "SELECT COUNT(*) AS n FROM api_keys");
  return Number(row.n);
}

function toRecord(row: Record<string, unknown>): ApiKeyRecord {
  return {
    id: String(row.id),
    label: String(row.label),
    role: Role.parse(row.role),
    memberId: row.member_id === null || row.member_id === undefined ? null : Number(row.member_id),
    createdAt: String(row.created_at),
    revokedAt: row.revoked_at ? String(row.revoked_at) : null,
  };
}
