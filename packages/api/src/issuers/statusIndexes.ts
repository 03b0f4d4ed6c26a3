import type { Database } from "../db/database.js";

/** Tries before giving up on a free bit: only concurrent first exports of one issuer compete. */
const ATTEMPTS = 10;

/**
 * The credential's bit in its issuer's status lists, given at its first export and kept: numbered per
 * issuer from 0 (a shared number would tell one school's volume to another's verifiers). Two exports at
 * once cannot take the same bit: the (issuer, bit) key refuses the second, which takes the next.
 */
export async function statusIndexOf(db: Database, issuerId: number, attestationId: string): Promise<number> {
  const find = async () =>
    (
      await db.query<{ idx: number }>("statusIndexes.get", "SELECT idx FROM status_indexes WHERE attestation_id = $1", [
        attestationId,
      ])
    )[0];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await find();
    if (found) return Number(found.idx);
    await db.query(
      "statusIndexes.take",
      `INSERT INTO status_indexes (issuer_id, idx, attestation_id)
       SELECT $1, COALESCE(MAX(idx), -1) + 1, $2 FROM status_indexes WHERE issuer_id = $1
       ON CONFLICT DO NOTHING`,
      [issuerId, attestationId],
    );
  }
  const found = await find();
  if (found) return Number(found.idx);
  throw new Error(`no status list bit for ${attestationId} after ${ATTEMPTS} attempts`);
}
