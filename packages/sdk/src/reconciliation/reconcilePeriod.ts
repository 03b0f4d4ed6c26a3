import { BaseError } from "../errors/BaseError.js";
import { computeNetPositions, type PeriodMemberTotals } from "./computeNetPositions.js";
import { planSettlements, type SettlementTransfer } from "./planSettlements.js";

export type CostEntryKind = "cash" | "inKind" | "expense" | "reversal" | "income";

/** A cost entry as claimed and decided (from chain events or the gateway's export). */
export interface CostEntryRecord {
  entryId: string;
  memberId: number;
  kind: CostEntryKind;
  amount: bigint;
  /** For a reversal: the entry it reverses. */
  reverses?: string;
  status: "claimed" | "confirmed" | "rejected";
}

/** A course-sharing fee accrued by an accepted recognition. */
export interface CourseFeeRecord {
  payerId: number;
  payeeId: number;
  amount: bigint;
}

export interface ReconcilePeriodParameters {
  periodId: number;
  currency: string;
  shares: ReadonlyArray<{ memberId: number; shareBps: number }>;
  entries: Iterable<CostEntryRecord>;
  fees: Iterable<CourseFeeRecord>;
}

export interface MemberReconciliation extends PeriodMemberTotals {
  allocatedCost: bigint;
  net: bigint;
}

export interface Reconciliation {
  periodId: number;
  currency: string;
  /** Confirmed contributions and expenses, minor units. */
  totalCost: bigint;
  /** Confirmed alliance income, minor units: the pool the shares split is totalCost - totalIncome. */
  totalIncome: bigint;
  members: MemberReconciliation[];
  settlements: SettlementTransfer[];
}

/**
 * Reconciles a period from its confirmed entries and accrued fees: each member's contributions,
 * expenses paid, income received for the alliance, fees receivable and payable, its largest-remainder share of the period's total cost,
 * its net position (nets sum to exactly zero) and the settlement plan. Only confirmed entries count;
 * a confirmed reversal cancels the entry it names. O(entries + fees + members).
 *
 * @throws BaseError when an entry or fee names a member outside the period, or a reversal names no
 * confirmed entry of the same member.
 */
export function reconcilePeriod(p: ReconcilePeriodParameters): Reconciliation {
  const index = new Map<number, number>();
  const totals: PeriodMemberTotals[] = [...p.shares]
    .sort((a, b) => a.memberId - b.memberId)
    .map((s, i) => {
      index.set(s.memberId, i);
      return {
        memberId: s.memberId,
        shareBps: s.shareBps,
        contributed: 0n,
        expensesPaid: 0n,
        feesReceivable: 0n,
        feesPayable: 0n,
        incomeReceived: 0n,
      };
    });
  const at = (memberId: number, what: string) => {
    const i = index.get(memberId);
    if (i === undefined) throw new BaseError(`${what} names member ${memberId}, who is not in period ${p.periodId}.`);
    return totals[i];
  };

  const confirmedKinds = new Map<string, { memberId: number; kind: CostEntryKind }>();
  const reversals: CostEntryRecord[] = [];
  for (const e of p.entries) {
    if (e.status !== "confirmed") continue;
    const t = at(e.memberId, `Entry ${e.entryId}`);
    if (e.kind === "reversal") reversals.push(e);
    else {
      confirmedKinds.set(e.entryId, { memberId: e.memberId, kind: e.kind });
      if (e.kind === "expense") t.expensesPaid += e.amount;
      else if (e.kind === "income") t.incomeReceived! += e.amount;
      else t.contributed += e.amount;
    }
  }
  for (const r of reversals) {
    const original = r.reverses ? confirmedKinds.get(r.reverses) : undefined;
    if (!original || original.memberId !== r.memberId) {
      throw new BaseError(`Reversal ${r.entryId} names no confirmed entry of member ${r.memberId}.`, {
        details: [`reverses: ${r.reverses ?? "(none)"}`],
      });
    }
    const t = at(r.memberId, `Reversal ${r.entryId}`);
    if (original.kind === "expense") t.expensesPaid -= r.amount;
    else if (original.kind === "income") t.incomeReceived! -= r.amount;
    else t.contributed -= r.amount;
  }
  for (const f of p.fees) {
    at(f.payerId, "A course fee").feesPayable += f.amount;
    at(f.payeeId, "A course fee").feesReceivable += f.amount;
  }

  return reconcileTotals({
    periodId: p.periodId,
    currency: p.currency,
    totals,
  });
}

/**
 * Reconciles a period from each member's running totals (as the CostLedger keeps them on chain):
 * allocation, nets and the settlement plan.
 */
export function reconcileTotals(p: {
  periodId: number;
  currency: string;
  totals: readonly PeriodMemberTotals[];
}): Reconciliation {
  const totals = [...p.totals].sort((a, b) => a.memberId - b.memberId);
  const nets = computeNetPositions(totals);
  const members = totals.map((t, i) => ({
    ...t,
    allocatedCost: nets[i].allocatedCost,
    net: nets[i].net,
  }));
  return {
    periodId: p.periodId,
    currency: p.currency,
    totalCost: totals.reduce((s, t) => s + t.contributed + t.expensesPaid, 0n),
    totalIncome: totals.reduce((s, t) => s + (t.incomeReceived ?? 0n), 0n),
    members,
    settlements: planSettlements({ nets: members }),
  };
}
