import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { bookFee } from "./periodTotals.js";
import { bumpActivity } from "./memberActivity.js";
import { type LedgerStore, rowKey } from "./ledgerStore.js";
import type { ReadModelTable } from "./rows.js";

type Needed = Array<[ReadModelTable, string]>;

/** Credit events: anchored batches, each record's state, recognitions and the fees they book. */
export const CREDIT_EVENTS = [
  "BatchAnchored",
  "AttestationRevoked",
  "RecognitionDecided",
  "RecognitionFeeReversed",
] as const;

/** The rows a credit event reads or writes. */
export function creditRowsNeeded(e: LedgerEvent): Needed {
  const a = e.args;
  switch (e.name) {
    case "BatchAnchored":
      return [
        ["batches", rowKey.batch(Number(a.issuerId), String(a.root))],
        ["memberActivity", rowKey.memberActivity(Number(a.issuerId))],
      ];
    case "AttestationRevoked": {
      const record = rowKey.record(Number(a.issuerId), String(a.root), Number(a.index));
      return [
        ["batches", rowKey.batch(Number(a.issuerId), String(a.root))],
        ["records", record],
        ["recognitions", record],
        ["memberActivity", rowKey.memberActivity(Number(a.issuerId))],
      ];
    }
    case "RecognitionDecided": {
      const record = rowKey.record(Number(a.issuerId), String(a.batchRoot), Number(a.index));
      return [
        ["records", record],
        ["recognitions", record],
        ["memberActivity", rowKey.memberActivity(Number(a.issuerId))],
        ["periodTotals", rowKey.periodTotals(Number(a.feePeriodId), Number(a.homeId))],
        ["periodTotals", rowKey.periodTotals(Number(a.feePeriodId), Number(a.issuerId))],
      ];
    }
    case "RecognitionFeeReversed":
      return [
        ["periodTotals", rowKey.periodTotals(Number(a.periodId), Number(a.homeId))],
        ["periodTotals", rowKey.periodTotals(Number(a.periodId), Number(a.hostId))],
      ];
    default:
      return [];
  }
}

/**
 * Applies one credit event. A revoked record no longer counts as a student hosted, and its
 * recognised credits no longer count for its issuer; a recognition's fee is owed by the home school
 * to the issuer in the period it names, and flows back the same way when the record is revoked.
 */
export function foldCreditEvent(store: LedgerStore, e: LedgerEvent): void {
  const a = e.args;
  switch (e.name) {
    case "BatchAnchored": {
      const issuerId = Number(a.issuerId);
      const key = rowKey.batch(issuerId, String(a.root));
      if (store.get("batches", key)) return; // the contract refuses a second anchoring of one batch
      store.set("batches", key, {
        issuerId,
        root: String(a.root).toLowerCase(),
        count: Number(a.count),
        anchoredBy: String(a.anchoredBy).toLowerCase(),
        blockNumber: e.blockNumber,
      });
      // `attestedCredits`: the batch's credits, when whoever folds knows its records (the indexer for its own).
      bumpActivity(store, issuerId, {
        studentsHosted: Number(a.count),
        creditsAttested: a.attestedCredits === undefined ? 0 : Number(a.attestedCredits),
      });
      return;
    }
    case "AttestationRevoked": {
      const issuerId = Number(a.issuerId);
      const index = Number(a.index);
      const batch = store.get("batches", rowKey.batch(issuerId, String(a.root)));
      if (!batch || index >= batch.count) return; // only a record of the issuer's own anchored batch
      const key = rowKey.record(issuerId, String(a.root), index);
      const record = recordRow(store, key, issuerId, String(a.root), index, String(a.leaf));
      if (record.revoked) return;
      store.set("records", key, { ...record, revoked: true, reasonCode: Number(a.reasonCode) });
      const recognised = store.get("recognitions", key)?.recognisedCredits ?? 0;
      bumpActivity(store, issuerId, { studentsHosted: -1, creditsRecognised: -recognised });
      return;
    }
    case "RecognitionDecided": {
      const issuerId = Number(a.issuerId);
      const homeId = Number(a.homeId);
      const index = Number(a.index);
      const key = rowKey.record(issuerId, String(a.batchRoot), index);
      const record = recordRow(store, key, issuerId, String(a.batchRoot), index, String(a.leaf));
      if (record.decided || record.revoked) return; // refused on chain
      store.set("records", key, { ...record, decided: true });
      const fee = BigInt(a.feeAccrued);
      const periodId = Number(a.feePeriodId);
      store.set("recognitions", key, {
        issuerId,
        batchRoot: String(a.batchRoot).toLowerCase(),
        index,
        leaf: String(a.leaf).toLowerCase(),
        homeId,
        decision: Number(a.decision),
        recognisedCredits: Number(a.recognisedCredits),
        fee,
        periodId,
        blockNumber: e.blockNumber,
      });
      bumpActivity(store, issuerId, { creditsRecognised: Number(a.recognisedCredits) });
      if (fee > 0n) bookFee(store, periodId, { payer: homeId, payee: issuerId, fee });
      return;
    }
    case "RecognitionFeeReversed": {
      const periodId = Number(a.periodId);
      // Period 0: host or home school left the open period; the reversal is settled outside the ledger.
      if (periodId !== 0)
        bookFee(store, periodId, { payer: Number(a.hostId), payee: Number(a.homeId), fee: BigInt(a.fee) });
      return;
    }
  }
}

/** A record's row, a fresh one when no event touched it yet. */
function recordRow(store: LedgerStore, key: string, issuerId: number, root: string, index: number, leaf: string) {
  const existing = store.get("records", key);
  if (existing) return existing;
  return {
    issuerId,
    root: root.toLowerCase(),
    index,
    leaf: leaf.toLowerCase(),
    revoked: false,
    reasonCode: 0,
    decided: false,
  };
}
