import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { type LedgerStore, rowKey } from "./ledgerStore.js";
import { bookFee } from "./periodTotals.js";
import type { ReadModelTable } from "./rows.js";

/**
 * The shared-resource events the read model folds: the two that accrue a use's fee (IResourceExchange).
 * A use's fee is booked exactly like a course fee, payable by the user and receivable by the host, in the
 * period the event names; a zero fee names no period and books nothing.
 */
export const RESOURCE_EVENTS = ["UseConfirmed", "DisputeResolved"] as const;

function feeOf(e: LedgerEvent) {
  const a = e.args;
  return { periodId: Number(a.periodId), payer: Number(a.userId), payee: Number(a.hostMemberId), fee: BigInt(a.fee) };
}

export function resourceRowsNeeded(e: LedgerEvent): Array<[ReadModelTable, string]> {
  const { periodId, payer, payee, fee } = feeOf(e);
  if (fee === 0n) return [];
  return [
    ["periodTotals", rowKey.periodTotals(periodId, payer)],
    ["periodTotals", rowKey.periodTotals(periodId, payee)],
  ];
}

export function foldResourceEvent(store: LedgerStore, e: LedgerEvent): void {
  const { periodId, payer, payee, fee } = feeOf(e);
  if (fee !== 0n) bookFee(store, periodId, { payer, payee, fee });
}
