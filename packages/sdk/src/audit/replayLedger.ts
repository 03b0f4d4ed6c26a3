import { id } from "ethers";
import { computeNetPositions } from "../reconciliation/computeNetPositions.js";
import type { LedgerEvent } from "./readLedgerEvents.js";

/** Something the audit found wrong, tied to the record it concerns. */
export interface Discrepancy {
  code: string;
  recordType: "attestation" | "batch" | "revocation" | "recognition" | "costEntry" | "periodTotal" | "period";
  recordId: string;
  message: string;
}

const SECRETARIAT = id("alliance.role.secretariat");
const ACTIVE = 2;
const ENTRY_KINDS = ["cash", "inKind", "expense", "reversal"] as const;

export interface ReplayedBatch {
  issuerId: number;
  count: number;
  blockNumber: number;
  anchoredBy: string;
}

export interface ReplayedRecognition {
  homeId: number;
  issuerId: number;
  batchRoot: string;
  decision: number;
  recognisedCredits: number;
  fee: bigint;
  periodId: number;
}

export interface ReplayedEntry {
  periodId: number;
  memberId: number;
  kind: (typeof ENTRY_KINDS)[number];
  amount: bigint;
  reverses: string;
  status: "claimed" | "confirmed" | "rejected";
}

export interface MemberPeriodTotals {
  contributed: bigint;
  expensesPaid: bigint;
  feesReceivable: bigint;
  feesPayable: bigint;
}

export interface ReplayedPeriod {
  shares: Array<{ memberId: number; shareBps: number }>;
  closed?: { reportHash: string; nets: bigint[] };
}

/** The ledger as recomputed from its events alone. */
export interface ReplayedLedger {
  batches: Map<string, ReplayedBatch>;
  revoked: Map<string, number>;
  recognitions: Map<string, ReplayedRecognition>;
  entries: Map<string, ReplayedEntry>;
  periods: Map<number, ReplayedPeriod>;
  /** Keyed `${periodId}:${memberId}`. */
  totals: Map<string, MemberPeriodTotals>;
  /** courseId:version -> fee per credit. */
  coursefees: Map<string, bigint>;
  discrepancies: Discrepancy[];
}

export const totalsKey = (periodId: number, memberId: number) => `${periodId}:${memberId}`;

/**
 * Replays every event in chain order and re-checks the rules the contracts enforce, trusting none of
 * them: an issuer was active and its key valid when it anchored, a revocation came from the batch's
 * issuer, a recognition came from an active home school and never after a revocation, a confirmation
 * came from a secretariat key, and each closed period's nets are the ones its totals give. Running
 * totals are rebuilt from confirmed entries and accrued fees.
 */
export function replayLedger(events: readonly LedgerEvent[]): ReplayedLedger {
  const status = new Map<number, number>();
  const keyOwner = new Map<string, { memberId: number; current: boolean }>();
  const secretariat = new Set<string>();
  const out: ReplayedLedger = {
    batches: new Map(),
    revoked: new Map(),
    recognitions: new Map(),
    entries: new Map(),
    periods: new Map(),
    totals: new Map(),
    coursefees: new Map(),
    discrepancies: [],
  };
  const flag = (d: Discrepancy) => out.discrepancies.push(d);
  const totals = (periodId: number, memberId: number) => {
    const key = totalsKey(periodId, memberId);
    let t = out.totals.get(key);
    if (!t) out.totals.set(key, (t = { contributed: 0n, expensesPaid: 0n, feesReceivable: 0n, feesPayable: 0n }));
    return t;
  };

  for (const e of events) {
    const a = e.args;
    switch (e.name) {
      case "MemberRegistered":
        status.set(Number(a.memberId), 1);
        break;
      case "MemberStatusChanged":
        status.set(Number(a.memberId), Number(a.to));
        break;
      case "OperatorAdded":
        keyOwner.set(String(a.account).toLowerCase(), { memberId: Number(a.memberId), current: true });
        break;
      case "OperatorRemoved":
        keyOwner.set(String(a.account).toLowerCase(), { memberId: Number(a.memberId), current: false });
        break;
      case "RoleGranted":
        if (a.role === SECRETARIAT) secretariat.add(String(a.account).toLowerCase());
        break;
      case "RoleRevoked":
        if (a.role === SECRETARIAT) secretariat.delete(String(a.account).toLowerCase());
        break;
      case "CourseVersionPublished":
        out.coursefees.set(`${a.courseId}:${a.version}`, BigInt(a.terms.feePerCredit));
        break;

      case "BatchAnchored": {
        const root = String(a.root);
        const issuerId = Number(a.issuerId);
        out.batches.set(root, { issuerId, count: Number(a.count), blockNumber: e.blockNumber, anchoredBy: String(a.anchoredBy) });
        if (status.get(issuerId) !== ACTIVE) {
          flag({ code: "ISSUER_NOT_ACTIVE_AT_ANCHORING", recordType: "batch", recordId: root, message: `member ${issuerId} was not active when batch was anchored at block ${e.blockNumber}` });
        }
        const key = keyOwner.get(String(a.anchoredBy).toLowerCase());
        if (!key || !key.current || key.memberId !== issuerId) {
          flag({ code: "ANCHOR_KEY_NOT_VALID", recordType: "batch", recordId: root, message: `key ${a.anchoredBy} was not a current key of member ${issuerId}` });
        }
        break;
      }
      case "AttestationRevoked": {
        const leaf = String(a.leaf);
        const batch = out.batches.get(String(a.root));
        if (!batch || batch.issuerId !== Number(a.issuerId)) {
          flag({ code: "REVOCATION_NOT_BY_ISSUER", recordType: "revocation", recordId: leaf, message: `revoked by member ${a.issuerId}, not the issuer of batch ${a.root}` });
        }
        out.revoked.set(leaf, Number(a.reasonCode));
        break;
      }
      case "RecognitionDecided": {
        const leaf = String(a.leaf);
        const homeId = Number(a.homeId);
        const r: ReplayedRecognition = {
          homeId,
          issuerId: Number(a.issuerId),
          batchRoot: String(a.batchRoot),
          decision: Number(a.decision),
          recognisedCredits: Number(a.recognisedCredits),
          fee: BigInt(a.feeAccrued),
          periodId: Number(a.feePeriodId),
        };
        if (status.get(homeId) !== ACTIVE) {
          flag({ code: "RECOGNITION_BY_INACTIVE_MEMBER", recordType: "recognition", recordId: leaf, message: `member ${homeId} was not active when it decided` });
        }
        if (out.batches.get(r.batchRoot)?.issuerId !== r.issuerId) {
          flag({ code: "RECOGNITION_BATCH_MISMATCH", recordType: "recognition", recordId: leaf, message: `batch ${r.batchRoot} was not anchored by member ${r.issuerId}` });
        }
        if (out.revoked.has(leaf)) {
          flag({ code: "RECOGNITION_OF_REVOKED", recordType: "recognition", recordId: leaf, message: "the record was revoked before this decision" });
        }
        if (out.recognitions.has(leaf)) {
          flag({ code: "RECOGNITION_DUPLICATED", recordType: "recognition", recordId: leaf, message: "a second decision on the same record" });
        }
        out.recognitions.set(leaf, r);
        if (r.fee > 0n) {
          totals(r.periodId, homeId).feesPayable += r.fee;
          totals(r.periodId, r.issuerId).feesReceivable += r.fee;
        }
        break;
      }

      case "PeriodOpened": {
        const ids = [...a.memberIds].map(Number);
        const shares = [...a.sharesBps].map(Number);
        out.periods.set(Number(a.periodId), { shares: ids.map((memberId, i) => ({ memberId, shareBps: shares[i] })) });
        for (const m of ids) totals(Number(a.periodId), m);
        break;
      }
      case "EntryClaimed":
        out.entries.set(String(a.entryId), {
          periodId: Number(a.periodId),
          memberId: Number(a.memberId),
          kind: ENTRY_KINDS[Number(a.kind)],
          amount: BigInt(a.amount),
          reverses: String(a.reverses),
          status: "claimed",
        });
        break;
      case "EntryConfirmed": {
        const entryId = String(a.entryId);
        const entry = out.entries.get(entryId);
        if (!secretariat.has(String(a.by).toLowerCase())) {
          flag({ code: "CONFIRMATION_NOT_BY_SECRETARIAT", recordType: "costEntry", recordId: entryId, message: `confirmed by ${a.by}, who did not hold the secretariat role` });
        }
        if (!entry) break;
        entry.status = "confirmed";
        const t = totals(entry.periodId, entry.memberId);
        const kind = entry.kind === "reversal" ? out.entries.get(entry.reverses)?.kind : entry.kind;
        const sign = entry.kind === "reversal" ? -1n : 1n;
        if (kind === "expense") t.expensesPaid += sign * entry.amount;
        else t.contributed += sign * entry.amount;
        break;
      }
      case "EntryRejected": {
        const entry = out.entries.get(String(a.entryId));
        if (entry) entry.status = "rejected";
        break;
      }
      case "PeriodClosed": {
        const periodId = Number(a.periodId);
        const period = out.periods.get(periodId);
        if (!period) break;
        const nets = [...a.nets].map((n) => BigInt(n));
        period.closed = { reportHash: String(a.reportHash), nets };
        const expected = computeNetPositions(period.shares.map((s) => ({ ...s, ...totals(periodId, s.memberId) })));
        expected.forEach((n, i) => {
          if (n.net !== nets[i]) {
            flag({ code: "PERIOD_NETS_MISMATCH", recordType: "period", recordId: String(periodId), message: `member ${n.memberId}: closed with net ${nets[i]}, its totals give ${n.net}` });
          }
        });
        break;
      }
    }
  }
  return out;
}
