import { id } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { contractErrors } from "../../errors/contractErrors.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

export type RecordSettlementReturnType = {
  settlementId: bigint;
  transactionHash: string | null;
  alreadyRecorded: boolean;
};

/**
 * The payer records a settlement payment of a closed period (the payment reference is hashed). A
 * payer records each payment reference once; sending the same payment again (a retry after a crash)
 * returns the settlement already recorded, `alreadyRecorded: true`, and a different payment under a
 * used reference is refused with `CostLedgerDuplicatePayment`.
 */
export async function recordSettlement(
  client: AllianceClient,
  p: { periodId: number; payeeId: number; amount: bigint; paymentReference: string },
): Promise<RecordSettlementReturnType> {
  const ref = id(p.paymentReference);
  try {
    const receipt = await sendTransaction(() =>
      client.costLedger.recordSettlement(p.periodId, p.payeeId, p.amount, ref),
    );
    return {
      settlementId: eventArgs(client.costLedger, receipt, "SettlementRecorded").settlementId as bigint,
      transactionHash: receipt.hash,
      alreadyRecorded: false,
    };
  } catch (error) {
    if (!(error instanceof contractErrors.CostLedgerDuplicatePayment)) throw error;
    const settlementId = error.args.settlementId as bigint;
    const s = await client.costLedger.settlement(settlementId);
    if (Number(s.periodId) !== p.periodId || Number(s.payeeId) !== p.payeeId || s.amount !== p.amount) throw error;
    return { settlementId, transactionHash: null, alreadyRecorded: true };
  }
}

/** The payee confirms a settlement payment arrived. */
export async function confirmSettlement(client: AllianceClient, p: { settlementId: bigint }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmSettlement(p.settlementId))).hash };
}
