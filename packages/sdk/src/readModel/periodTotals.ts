import { type LedgerStore, rowKey } from "./ledgerStore.js";
import type { CostEntryRow, PeriodTotalsRow } from "./rows.js";

/** A member's totals in a period, zero until something is booked. */
export function periodTotals(store: LedgerStore, periodId: number, memberId: number): PeriodTotalsRow {
  return (
    store.get("periodTotals", rowKey.periodTotals(periodId, memberId)) ?? {
      periodId,
      memberId,
      contributed: 0n,
      expensesPaid: 0n,
      feesReceivable: 0n,
      feesPayable: 0n,
      incomeReceived: 0n,
    }
  );
}

function add(store: LedgerStore, periodId: number, memberId: number, deltas: Partial<PeriodTotalsRow>): void {
  const t = { ...periodTotals(store, periodId, memberId) };
  if (deltas.contributed) t.contributed += deltas.contributed;
  if (deltas.expensesPaid) t.expensesPaid += deltas.expensesPaid;
  if (deltas.feesReceivable) t.feesReceivable += deltas.feesReceivable;
  if (deltas.feesPayable) t.feesPayable += deltas.feesPayable;
  if (deltas.incomeReceived) t.incomeReceived += deltas.incomeReceived;
  store.set("periodTotals", rowKey.periodTotals(periodId, memberId), t);
}

/** Books a recognition fee (or its reversal) in a period: `payer` owes it, `payee` is owed it. */
export function bookFee(store: LedgerStore, periodId: number, p: { payer: number; payee: number; fee: bigint }): void {
  add(store, periodId, p.payer, { feesPayable: p.fee });
  add(store, periodId, p.payee, { feesReceivable: p.fee });
}

/**
 * What a confirmed entry does to its member's totals — the one meaning of a cost entry: cash and
 * in-kind contributions count as contributed, expenses as expenses paid, income as income received,
 * and a reversal takes its amount back from whichever the reversed entry counted in.
 */
export function confirmedEntryEffect(
  entry: CostEntryRow,
): Pick<PeriodTotalsRow, "contributed" | "expensesPaid" | "incomeReceived"> {
  const reversal = entry.kind === "reversal";
  const kind = reversal ? entry.reversesKind : entry.kind;
  const signed = reversal ? -entry.amount : entry.amount;
  const none = { contributed: 0n, expensesPaid: 0n, incomeReceived: 0n };
  if (kind === "expense") return { ...none, expensesPaid: signed };
  if (kind === "income") return { ...none, incomeReceived: signed };
  return { ...none, contributed: signed };
}

/** Books a confirmed entry in its period. */
export function bookConfirmedEntry(store: LedgerStore, entry: CostEntryRow): void {
  add(store, entry.periodId, entry.memberId, confirmedEntryEffect(entry));
}
