import { planSettlements } from "../reconciliation/planSettlements.js";
import { inAuditScope } from "./auditScope.js";
import type { Discrepancy, ReplayedLedger } from "./replayLedger.js";

/**
 * Every settlement payment on chain (in scope) belongs to a closed period, pays a transfer of that
 * period's settlement plan (recomputed from the nets its close recorded: the payer owes, the payee is
 * owed, and the payments of a pair add up to no more than the plan's transfer between them), and is
 * confirmed once, by a key of its payee.
 */
export function checkSettlements(chain: ReplayedLedger, flag: (d: Discrepancy) => void, periodIds?: number[]) {
  const plans = new Map<number, Map<string, bigint>>();
  const planOf = (periodId: number) => {
    let plan = plans.get(periodId);
    if (!plan) {
      const period = chain.periods.get(periodId)!;
      const nets = period.shares.map((s, i) => ({ memberId: s.memberId, net: period.closed!.nets[i] }));
      plan = new Map(planSettlements({ nets }).map((t) => [`${t.payerId}->${t.payeeId}`, t.amount]));
      plans.set(periodId, plan);
    }
    return plan;
  };
  const paid = new Map<string, bigint>();
  for (const s of chain.settlements.values()) {
    if (!inAuditScope(periodIds, s.periodId)) continue;
    const problem = (code: string, message: string) =>
      flag({
        code,
        recordType: "settlement",
        recordId: s.settlementId,
        message: `settlement ${s.settlementId} (member ${s.payerId} pays ${s.amount} to ${s.payeeId}, period ${s.periodId}): ${message}`,
      });
    if (!s.recordedInClosedPeriod)
      problem("SETTLEMENT_OUTSIDE_CLOSED_PERIOD", "recorded while its period was not closed");
    else {
      const pair = `${s.payerId}->${s.payeeId}`;
      const planned = planOf(s.periodId).get(pair);
      const total = (paid.get(`${s.periodId}:${pair}`) ?? 0n) + s.amount;
      paid.set(`${s.periodId}:${pair}`, total);
      if (planned === undefined)
        problem("SETTLEMENT_NOT_IN_PLAN", "the period's settlement plan has no transfer between them");
      else if (total > planned)
        problem("SETTLEMENT_NOT_IN_PLAN", `the pair's payments add up to ${total}, the plan's transfer is ${planned}`);
    }
    for (const c of s.confirmations) {
      if (c.payeeId !== s.payeeId)
        problem("SETTLEMENT_CONFIRMED_BY_OTHER", `the confirmation at block ${c.blockNumber} names payee ${c.payeeId}`);
      else if (c.senderMemberId === null || (c.senderMemberId !== undefined && c.senderMemberId !== s.payeeId)) {
        problem(
          "SETTLEMENT_CONFIRMED_BY_OTHER",
          `confirmed at block ${c.blockNumber} by ${c.senderMemberId === null ? "a key of no active member" : `a key of member ${c.senderMemberId}`}`,
        );
      }
    }
    if (s.confirmations.length > 1) problem("SETTLEMENT_CONFIRMED_TWICE", `confirmed ${s.confirmations.length} times`);
  }
}
