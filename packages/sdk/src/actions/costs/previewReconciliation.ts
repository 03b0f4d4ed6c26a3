import { toUtf8String } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
import { type Reconciliation, reconcileTotals } from "../../reconciliation/reconcilePeriod.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { getPeriodTotals } from "./getPeriodTotals.js";

export type PreviewReconciliationParameters = { periodId: number };
export type PreviewReconciliationReturnType = Reconciliation;
export type PreviewReconciliationErrorType = ContractErrorType<"CostLedgerUnknownPeriod">;

/**
 * The reconciliation of a period from its on-chain totals: the preview the secretariat closes with.
 *
 * @param client - Any client; a reader is enough.
 * @param parameters - The period.
 * @returns Each member's share of the costs and its net position; the nets sum to zero.
 * @example
 * const { members } = await previewReconciliation(reader, { periodId });
 */
export async function previewReconciliation(
  client: AllianceClient,
  parameters: PreviewReconciliationParameters,
): Promise<PreviewReconciliationReturnType> {
  const { periodId } = parameters;
  const [period, totals] = await withDecodedErrors(() =>
    Promise.all([client.costLedger.period(periodId), getPeriodTotals(client, { periodId })]),
  );
  return reconcileTotals({ periodId, currency: toUtf8String(period.currency), totals });
}
