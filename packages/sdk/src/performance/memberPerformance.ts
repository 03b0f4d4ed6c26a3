import type { Attestation } from "../attestations/attestation.js";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { foldLedgerEvent } from "../readModel/foldLedgerEvent.js";
import { createMemoryStore, rowKey } from "../readModel/ledgerStore.js";
import { bumpActivity } from "../readModel/memberActivity.js";
import { type MemberPerformance, scoreMembers } from "./scoreMembers.js";

export type { MemberPerformance } from "./scoreMembers.js";

export interface MemberPerformanceParameters {
  events: readonly LedgerEvent[];
  periodId: number;
  /** Attestation records, to count attested credits (batches on chain only give counts). */
  attestations?: readonly Attestation[];
  /** The charter's participation threshold on the contribution index; default 0.5. */
  threshold?: number;
}

/**
 * The alliance's periodic self-evaluation of its members: courses and seats offered, students hosted,
 * credits attested and recognised, contributions against the member's share, a contribution index,
 * and which members fall below the charter's threshold (members with low participation and
 * contribution must improve or withdraw). Events are folded by the read model's one fold, then scored.
 *
 * @example
 * const rows = memberPerformance({ events: (await readLedgerEvents({ provider, addresses })).events, periodId: 1 });
 */
export function memberPerformance(p: MemberPerformanceParameters): MemberPerformance[] {
  const store = createMemoryStore();
  for (const e of p.events) foldLedgerEvent(store, e);
  // Batches on chain give counts only: the records given add their credits to their issuers' activity.
  for (const a of p.attestations ?? []) bumpActivity(store, a.issuerId, { creditsAttested: a.credits });
  return scoreMembers({
    activity: store.rows("memberActivity"),
    period: store.get("periods", rowKey.period(p.periodId)),
    totals: store.rows("periodTotals").filter((t) => t.periodId === p.periodId),
    threshold: p.threshold,
  });
}
