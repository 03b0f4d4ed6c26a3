import { id } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

/** The payer records a settlement payment of a closed period (the payment reference is hashed). */
export async function recordSettlement(
  client: AllianceClient,
  p: { periodId: number; payeeId: number; amount: bigint; paymentReference: string },
) {
  const receipt = await sendTransaction(() => client.costLedger.recordSettlement(p.periodId, p.payeeId, p.amount, id(p.paymentReference)));
  return { settlementId: eventArgs(client.costLedger, receipt, "SettlementRecorded").settlementId as bigint, transactionHash: receipt.hash };
}

/** The payee confirms a settlement payment arrived. */
export async function confirmSettlement(client: AllianceClient, p: { settlementId: bigint }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmSettlement(p.settlementId))).hash };
}
