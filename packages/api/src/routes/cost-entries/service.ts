import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { Database, Queryable } from "../../db/database.js";
import type { ReadDependencies } from "../deps.js";
import { type EntryQuery, KINDS, type STATUSES } from "./schemas.js";

interface IndexedEntry {
  entryId: string;
  periodId: number;
  memberId: number;
  kind: (typeof KINDS)[number];
  amount: string;
  status: (typeof STATUSES)[number];
  reasonCode?: number;
  evidenceHash: string;
  reverses?: string;
  claimedAtBlock: number;
}

/**
 * Cost entries on chain (from the index), filtered and paginated, oldest first. `reference` (the
 * member's own voucher number) where this gateway booked the claim, shown only to that member's keys,
 * the secretariat and auditors.
 */
export async function listCostEntries(
  deps: ReadDependencies,
  query: EntryQuery,
  caller: ApiKeyRecord,
): Promise<{ items: Array<IndexedEntry & { reference?: string }>; total: number }> {
  const { db } = deps;
  const entries = await indexedEntries(db, query.memberId);
  const wanted = entries.filter(
    (e) => (!query.periodId || e.periodId === query.periodId) && (!query.status || e.status === query.status),
  );
  const shown = wanted.slice(query.offset, query.offset + query.limit);
  const references = new Map(
    shown.length === 0
      ? []
      : (
          await db.query<{ entry_id: string; reference: string }>(
            "costs.references",
            `SELECT entry_id, reference FROM cost_entries WHERE entry_id IN (${shown.map((_, i) => `$${i + 1}`).join(", ")})`,
            shown.map((e) => e.entryId),
          )
        ).map((r) => [r.entry_id, r.reference]),
  );
  const mayRead = (memberId: number) =>
    caller.role === "secretariat" ||
    caller.role === "auditor" ||
    (caller.role === "member" && caller.memberId === memberId);
  return {
    items: shown.map((e) => ({
      ...e,
      ...(references.has(e.entryId) && mayRead(e.memberId) ? { reference: references.get(e.entryId) } : {}),
    })),
    total: wanted.length,
  };
}

/** Every cost entry the indexer has seen, folded from its claim, confirmation and rejection events, oldest first. */
async function indexedEntries(db: Database, memberId?: number): Promise<IndexedEntry[]> {
  const rows = await db.query<{ name: string; args: string; block_number: number }>(
    "costs.indexed",
    `SELECT name, args, block_number FROM chain_events WHERE name IN ('EntryClaimed', 'EntryConfirmed', 'EntryRejected')${memberId ? " AND member_id = $1" : ""} ORDER BY block_number, log_index`,
    memberId ? [memberId] : [],
  );
  const entries = new Map<string, IndexedEntry>();
  for (const r of rows) {
    const a = JSON.parse(r.args) as Record<string, string>;
    if (r.name === "EntryClaimed") {
      const kind = KINDS[Number(a.kind)];
      entries.set(a.entryId, {
        entryId: a.entryId,
        periodId: Number(a.periodId),
        memberId: Number(a.memberId),
        kind,
        amount: a.amount,
        status: "claimed",
        evidenceHash: a.evidenceHash,
        ...(kind === "reversal" ? { reverses: a.reverses } : {}),
        claimedAtBlock: Number(r.block_number),
      });
    } else {
      const e = entries.get(a.entryId);
      if (!e) continue;
      e.status = r.name === "EntryConfirmed" ? "confirmed" : "rejected";
      if (r.name === "EntryRejected") e.reasonCode = Number(a.reasonCode);
    }
  }
  return [...entries.values()];
}

/** Books a claim in the gateway's own records (its reference is the member's); one already booked stays. */
export async function bookClaim(
  tx: Queryable,
  claim: { entryId: string; reference: string; periodId: number; memberId: number; kind: string; amount: bigint },
): Promise<void> {
  await tx.query(
    "costs.book",
    "INSERT INTO cost_entries (entry_id, reference, period_id, member_id, kind, amount, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'claimed', $7) ON CONFLICT (entry_id) DO NOTHING",
    [
      claim.entryId,
      claim.reference,
      claim.periodId,
      claim.memberId,
      claim.kind,
      claim.amount.toString(),
      new Date().toISOString(),
    ],
  );
}

/** Records the secretariat's decision on a booked entry. */
export async function bookDecision(tx: Queryable, entryId: string, status: "confirmed" | "rejected"): Promise<void> {
  await tx.query("costs.status", "UPDATE cost_entries SET status = $1, updated_at = $2 WHERE entry_id = $3", [
    status,
    new Date().toISOString(),
    entryId,
  ]);
}
