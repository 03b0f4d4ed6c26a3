import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { Reconciliation } from "../../reconciliation/reconcilePeriod.js";
import { reconciliationReportHash } from "../../reconciliation/reconciliationReport.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import { previewReconciliation } from "./previewReconciliation.js";

export type ClosePeriodParameters = { periodId: number };
export type ClosePeriodReturnType = { reconciliation: Reconciliation; reportHash: string; transactionHash: string };
export type ClosePeriodErrorType =
  | MissingRoleErrorType
  | ContractErrorType<
      | "CostLedgerUnknownPeriod"
      | "CostLedgerPeriodNotOpen"
      | "CostLedgerMissingReportHash"
      | "CostLedgerPendingEntries"
      | "CostLedgerNetsLengthMismatch"
      | "CostLedgerNetsDoNotSumToZero"
      | "CostLedgerNetMismatch"
      | "CostLedgerNotLargestRemainder"
    >
  | BaseError;

/**
 * The secretariat closes a period: reconciles it from the on-chain totals, and records the report's
 * SHA-256 and every net on chain (the contract checks the nets against the same totals and refuses any
 * other). Keep the report (`reconciliationReportJson(reconciliation)`): its hash is the one on chain.
 *
 * @param client - A secretariat key.
 * @param parameters - The open period, with no entry awaiting confirmation.
 * @returns The reconciliation, its report's hash and the transaction.
 * @example
 * const { reconciliation } = await closePeriod(secretariat, { periodId });
 */
export async function closePeriod(
  client: AllianceClient,
  parameters: ClosePeriodParameters,
): Promise<ClosePeriodReturnType> {
  const { periodId } = parameters;
  const reconciliation = await previewReconciliation(client, { periodId });
  const reportHash = reconciliationReportHash(reconciliation);
  const nets = reconciliation.members.map((m) => m.net);
  const receipt = await sendTransaction(() => client.costLedger.closePeriod(periodId, reportHash, nets));
  return { reconciliation, reportHash, transactionHash: receipt.hash };
}
