import { id } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

export type RecordSettlementParameters = {
  /** A closed period. */
  periodId: number;
  payeeId: number;
  amount: bigint;
  /** The bank's reference of the payment; hashed on chain, one settlement per reference and payer. */
  paymentReference: string;
};
export type RecordSettlementReturnType = {
  settlementId: bigint;
  transactionHash: string | null;
  alreadyRecorded: boolean;
};
export type RecordSettlementErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "CostLedgerPeriodNotClosed"
      | "CostLedgerInvalidSettlement"
      | "CostLedgerZeroAmount"
      | "CostLedgerDuplicatePayment"
    >
  | BaseError;

/**
 * The payer records a settlement payment of a closed period. Sending the same payment again (a retry
 * after a crash) returns the settlement already recorded, `alreadyRecorded: true`; a different payment
 * under a used reference is refused with `CostLedgerDuplicatePayment`.
 *
 * @param client - A current key of the paying member.
 * @param parameters - The period, the payee, the amount and the payment's reference.
 * @returns The settlement's id, the transaction (null when already recorded) and whether it was.
 * @example
 * const { settlementId } = await recordSettlement(payer, { periodId, payeeId: 1, amount: 430_000n, paymentReference: "ICBC 0042" });
 */
export async function recordSettlement(
  client: AllianceClient,
  parameters: RecordSettlementParameters,
): Promise<RecordSettlementReturnType> {
  const { periodId, payeeId, amount } = parameters;
  const ref = id(parameters.paymentReference);
  try {
    const receipt = await sendTransaction(() => client.costLedger.recordSettlement(periodId, payeeId, amount, ref));
    return {
      settlementId: eventArgs(client.costLedger, receipt, "SettlementRecorded").settlementId as bigint,
      transactionHash: receipt.hash,
      alreadyRecorded: false,
    };
  } catch (error) {
    if (!(error instanceof contractErrors.CostLedgerDuplicatePayment)) throw error;
    const settlementId = error.args.settlementId as bigint;
    const s = await client.costLedger.settlement(settlementId);
    if (Number(s.periodId) !== periodId || Number(s.payeeId) !== payeeId || s.amount !== amount) throw error;
    return { settlementId, transactionHash: null, alreadyRecorded: true };
  }
}
