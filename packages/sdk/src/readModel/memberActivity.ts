import { type LedgerStore, rowKey } from "./ledgerStore.js";
import type { MemberActivityRow } from "./rows.js";

type Counters = Omit<MemberActivityRow, "memberId">;

/** Adds `deltas` to a member's running activity totals (a row is created on first use). */
export function bumpActivity(store: LedgerStore, memberId: number, deltas: Partial<Counters>): void {
  const key = rowKey.memberActivity(memberId);
  const row = store.get("memberActivity", key) ?? {
    memberId,
    coursesOffered: 0,
    seatsOffered: 0,
    studentsHosted: 0,
    creditsAttested: 0,
    creditsRecognised: 0,
  };
  const next = { ...row };
  for (const [k, v] of Object.entries(deltas) as Array<[keyof Counters, number]>) next[k] += v;
  store.set("memberActivity", key, next);
}
