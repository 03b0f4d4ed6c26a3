import { Interface, type Provider, type TransactionResponse } from "ethers";
import type { AllianceAddresses } from "../client/createAllianceClient.js";
import { AllianceForwarder__factory, CostLedger__factory } from "../generated/typechain/index.js";
import type { LedgerEvent } from "./readLedgerEvents.js";

const FORWARDER = new Interface(AllianceForwarder__factory.abi);
const COST_LEDGER = new Interface(CostLedger__factory.abi);

/** The account that called `confirmSettlement(settlementId)` in this transaction, directly or through the forwarder; null if none did. */
function confirmerOf(tx: TransactionResponse, addresses: AllianceAddresses, settlementId: bigint): string | null {
  const to = tx.to?.toLowerCase();
  const confirms = (data: string) => {
    const call = COST_LEDGER.parseTransaction({ data });
    return call?.name === "confirmSettlement" && BigInt(call.args[0]) === settlementId;
  };
  if (to === addresses.costLedger.toLowerCase()) return confirms(tx.data) ? tx.from : null;
  if (to !== addresses.forwarder.toLowerCase()) return null;
  // A relayed request: the member signed it, the relayer only sent it.
  const call = FORWARDER.parseTransaction({ data: tx.data });
  const requests: Array<{ from: string; to: string; data: string }> =
    call?.name === "execute" ? [call.args[0]] : call?.name === "executeBatch" ? [...call.args[0]] : [];
  return (
    requests.find((r) => r.to.toLowerCase() === addresses.costLedger.toLowerCase() && confirms(r.data))?.from ?? null
  );
}

/**
 * Events carry the payee a settlement's confirmation names, not who sent it: this looks up each
 * confirmation's transaction (one request per confirmation; settlements are few) and sets
 * `args.sender`, so the replay can check the sender was a key of the payee.
 */
export async function lookUpSettlementConfirmers(
  provider: Provider,
  addresses: AllianceAddresses,
  events: LedgerEvent[],
) {
  const confirmations = events.filter((e) => e.name === "SettlementConfirmed");
  const txs = await Promise.all(confirmations.map((e) => provider.getTransaction(e.transactionHash)));
  confirmations.forEach((e, i) => {
    const tx = txs[i];
    e.args.sender = tx ? confirmerOf(tx, addresses, BigInt(e.args.settlementId)) : null;
  });
}
