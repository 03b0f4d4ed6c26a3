import { toUtf8String, ZeroHash } from "ethers";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { type LedgerStore, rowKey } from "./ledgerStore.js";
import { bookConfirmedEntry } from "./periodTotals.js";
import { ENTRY_KINDS, type ReadModelTable } from "./rows.js";

type Needed = Array<[ReadModelTable, string]>;

/** Cost events: periods, cost entries and their totals, settlements. */
export const COST_EVENTS = [
  "PeriodOpened",
  "PeriodClosed",
  "EntryClaimed",
  "EntryConfirmed",
  "EntryRejected",
  "SettlementRecorded",
  "SettlementConfirmed",
  "ContributionBelowMinimum",
  "PeriodJudged",
] as const;

/** The rows a cost event reads or writes. */
export function costRowsNeeded(e: LedgerEvent): Needed {
  const a = e.args;
  switch (e.name) {
    case "PeriodOpened":
      return [
        ["periods", rowKey.period(Number(a.periodId))],
        ...[...a.memberIds].map((m): [ReadModelTable, string] => [
          "periodTotals",
          rowKey.periodTotals(Number(a.periodId), Number(m)),
        ]),
      ];
    case "PeriodClosed":
    case "PeriodJudged":
      return [["periods", rowKey.period(Number(a.periodId))]];
    case "EntryClaimed":
      return [
        ["costEntries", rowKey.costEntry(String(a.entryId))],
        ["costEntries", rowKey.costEntry(String(a.reverses))],
      ];
    case "EntryConfirmed":
      return [
        ["costEntries", rowKey.costEntry(String(a.entryId))],
        ["periodTotals", rowKey.periodTotals(Number(a.periodId), Number(a.memberId))],
      ];
    case "EntryRejected":
      return [["costEntries", rowKey.costEntry(String(a.entryId))]];
    case "SettlementRecorded":
    case "SettlementConfirmed":
      return [["settlements", rowKey.settlement(a.settlementId)]];
    case "ContributionBelowMinimum":
      return [["lowContributions", rowKey.lowContribution(Number(a.periodId), Number(a.memberId))]];
    default:
      return [];
  }
}

/** Applies one cost event. An entry counts in its period's totals once the secretariat confirms it. */
export function foldCostEvent(store: LedgerStore, e: LedgerEvent): void {
  const a = e.args;
  switch (e.name) {
    case "PeriodOpened": {
      const periodId = Number(a.periodId);
      const ids = [...a.memberIds].map(Number);
      const shares = [...a.sharesBps].map(Number);
      store.set("periods", rowKey.period(periodId), {
        periodId,
        currency: a.currency ? currencyCode(String(a.currency)) : "",
        shares: ids.map((memberId, i) => ({ memberId, shareBps: shares[i] })),
        closed: false,
        openedAtBlock: e.blockNumber,
      });
      return;
    }
    case "PeriodClosed": {
      const key = rowKey.period(Number(a.periodId));
      const p = store.get("periods", key);
      if (p)
        store.set("periods", key, {
          ...p,
          closed: true,
          closedAtBlock: e.blockNumber,
          reportHash: String(a.reportHash),
          nets: [...a.nets].map((n) => BigInt(n)),
        });
      return;
    }
    case "EntryClaimed": {
      const kind = ENTRY_KINDS[Number(a.kind)];
      const reverses = String(a.reverses);
      store.set("costEntries", rowKey.costEntry(String(a.entryId)), {
        entryId: String(a.entryId),
        periodId: Number(a.periodId),
        memberId: Number(a.memberId),
        kind,
        amount: BigInt(a.amount),
        status: "claimed",
        evidenceHash: String(a.evidenceHash),
        reverses,
        ...(kind === "reversal" && reverses !== ZeroHash
          ? {
              reversesKind: store.get("costEntries", rowKey.costEntry(reverses))?.kind,
            }
          : {}),
        claimedAtBlock: e.blockNumber,
      });
      return;
    }
    case "EntryConfirmed":
    case "EntryRejected": {
      const key = rowKey.costEntry(String(a.entryId));
      const entry = store.get("costEntries", key);
      if (entry?.status !== "claimed") return;
      if (e.name === "EntryRejected") {
        store.set("costEntries", key, {
          ...entry,
          status: "rejected",
          reasonCode: Number(a.reasonCode),
        });
        return;
      }
      const confirmed = { ...entry, status: "confirmed" as const };
      store.set("costEntries", key, confirmed);
      bookConfirmedEntry(store, confirmed);
      return;
    }
    case "PeriodJudged": {
      const key = rowKey.period(Number(a.periodId));
      const p = store.get("periods", key);
      if (p)
        store.set("periods", key, {
          ...p,
          judged: {
            judged: Boolean(a.judged),
            minIndexPermille: Number(a.minIndexPermille),
            periodsBeforeSuspension: Number(a.periodsBeforeSuspension),
            minPeriodDays: Number(a.minPeriodDays),
          },
        });
      return;
    }
    case "ContributionBelowMinimum":
      store.set("lowContributions", rowKey.lowContribution(Number(a.periodId), Number(a.memberId)), {
        periodId: Number(a.periodId),
        memberId: Number(a.memberId),
        indexPermille: Number(a.indexPermille),
        consecutivePeriods: Number(a.consecutivePeriods),
      });
      return;
    case "SettlementRecorded":
      store.set("settlements", rowKey.settlement(a.settlementId), {
        settlementId: String(a.settlementId),
        periodId: Number(a.periodId),
        payerId: Number(a.payerId),
        payeeId: Number(a.payeeId),
        amount: BigInt(a.amount),
        paymentRefHash: String(a.paymentRef),
        confirmed: false,
        recordedAtBlock: e.blockNumber,
      });
      return;
    case "SettlementConfirmed": {
      const key = rowKey.settlement(a.settlementId);
      const s = store.get("settlements", key);
      if (s) store.set("settlements", key, { ...s, confirmed: true });
      return;
    }
  }
}

/** "CNY" from the bytes3 the period was opened with. */
function currencyCode(bytes: string): string {
  try {
    return toUtf8String(bytes);
  } catch {
    return bytes;
  }
}
