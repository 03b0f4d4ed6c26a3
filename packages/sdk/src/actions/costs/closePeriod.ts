import { toUtf8String } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { PeriodMemberTotals } from "../../reconciliation/computeNetPositions.js";
import { reconcileTotals, type Reconciliation } from "../../reconciliation/reconcilePeriod.js";
import { reconciliationReportHash } from "../../reconciliation/reconciliationReport.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
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

/** The reconciliation of a period from its on-chain totals: the preview the secretariat closes with. */
export async function previewReconciliation(client: AllianceClient, p: { periodId: number }): Promise<Reconciliation> {
  const [period, totals] = await withDecodedErrors(() =>
    Promise.all([client.costLedger.period(p.periodId), getPeriodTotals(client, p)]),
  );
  return reconcileTotals({ periodId: p.periodId, currency: toUtf8String(period.currency), totals });
}

export type ClosePeriodReturnType = { reconciliation: Reconciliation; reportHash: string; transactionHash: string };

/**
 * The secretariat closes a period: reconciles it from the on-chain totals, and records the report's
 * SHA-256 and every net on chain (the contract checks the nets against the same totals and refuses any
 * other). Keep the report (`reconciliationReportJson(reconciliation)`): its hash is the one on chain.
 */
export async function closePeriod(client: AllianceClient, p: { periodId: number }): Promise<ClosePeriodReturnType> {
  const reconciliation = await previewReconciliation(client, p);
  const reportHash = reconciliationReportHash(reconciliation);
  const receipt = await sendTransaction(() =>
    client.costLedger.closePeriod(
      p.periodId,
      reportHash,
      reconciliation.members.map((m) => m.net),
    ),
  );
  return { reconciliation, reportHash, transactionHash: receipt.hash };
}
