import type { AllianceClient } from "../../client/createAllianceClient.js";
import { computeNetPositions, type NetPosition, type PeriodMemberTotals } from "../../reconciliation/computeNetPositions.js";
import { sendTransaction } from "../sendTransaction.js";

/** Every member's on-chain running totals for a period, in the period's member order. */
export async function getPeriodTotals(client: AllianceClient, p: { periodId: number }): Promise<PeriodMemberTotals[]> {
  const [ids, shares] = await client.costLedger.periodMembers(p.periodId);
  const totals = await Promise.all(ids.map((m) => client.costLedger.memberTotals(p.periodId, m)));
  return ids.map((m, i) => ({
    memberId: Number(m),
    shareBps: Number(shares[i]),
    contributed: totals[i].contributed,
    expensesPaid: totals[i].expensesPaid,
    feesReceivable: totals[i].feesReceivable,
    feesPayable: totals[i].feesPayable,
  }));
}

/**
 * The secretariat closes a period with the reconciliation report's hash. Nets are computed from the
 * on-chain totals (the contract checks them against the same totals and refuses any other).
 */
export async function closePeriod(client: AllianceClient, p: { periodId: number; reportHash: string }): Promise<{ nets: NetPosition[]; transactionHash: string }> {
  const nets = computeNetPositions(await getPeriodTotals(client, p));
  const receipt = await sendTransaction(() => client.costLedger.closePeriod(p.periodId, p.reportHash, nets.map((n) => n.net)));
  return { nets, transactionHash: receipt.hash };
}
