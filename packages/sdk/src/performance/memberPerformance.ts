import { BaseError } from "../errors/BaseError.js";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { foldLedgerEvent } from "../readModel/foldLedgerEvent.js";
import { createMemoryStore, rowKey } from "../readModel/ledgerStore.js";
import type { ContributionRule } from "../readModel/rows.js";
import { periodActivity, periodWindow } from "./periodActivity.js";
import { type MemberPerformance, scoreMembers } from "./scoreMembers.js";

export type { MemberPerformance } from "./scoreMembers.js";

export interface MemberPerformanceParameters {
  events: readonly LedgerEvent[];
  periodId: number;
  /** The charter's rule (registry.contributionRule()); only needed for a period still open. */
  rule?: ContributionRule;
}

/**
 * The alliance's evaluation of its members for one period: courses and seats offered, students
 * hosted, credits recognised, recognitions decided, resource uses hosted and made, contributions
 * against the member's share, income, the contract's contribution index and whether the member fell
 * below the charter's minimum. Events are folded by the read model's one fold, then counted in the
 * period's blocks and scored.
 *
 * @example
 * const rows = memberPerformance({ events: (await readLedgerEvents({ provider, addresses })).events, periodId: 1 });
 */
export function memberPerformance(p: MemberPerformanceParameters): MemberPerformance[] {
  const store = createMemoryStore();
  for (const e of p.events) foldLedgerEvent(store, e);
  const period = store.get("periods", rowKey.period(p.periodId));
  if (!period) throw new BaseError(`Period ${p.periodId} was never opened.`);
  const window = periodWindow(period, store.get("periods", rowKey.period(p.periodId - 1)));
  return scoreMembers({
    period,
    totals: store.rows("periodTotals").filter((t) => t.periodId === p.periodId),
    activity: periodActivity(window, {
      courseVersions: store.rows("courseVersions"),
      batches: store.rows("batches"),
      recognitions: store.rows("recognitions"),
      resourceUses: store.rows("resourceUses"),
      records: store.rows("records"),
    }),
    rule: p.rule,
    lowContributions: store.rows("lowContributions").filter((l) => l.periodId === p.periodId),
  });
}
