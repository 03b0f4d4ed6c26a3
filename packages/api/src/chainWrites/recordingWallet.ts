import { AsyncLocalStorage } from "node:async_hooks";
import { Wallet, type TransactionRequest, type TransactionResponse } from "ethers";

/** A transaction as the chain-write journal keeps it: enough to send the same call again. */
export interface SentTransaction {
  hash: string;
  sender: string;
  target: string;
  calldata: string;
}

const sentInThisRequest = new AsyncLocalStorage<SentTransaction[]>();

/**
 * Runs `work` and returns, besides its result, every transaction a {@link RecordingWallet} sent during
 * it, in order. The journal is filled from what was actually broadcast, whatever SDK action sent it.
 */
export async function recordingSentTransactions<T>(
  work: () => Promise<T>,
): Promise<{ result: T; sent: SentTransaction[] }> {
  const sent: SentTransaction[] = [];
  const result = await sentInThisRequest.run(sent, work);
  return { result, sent };
}

/** A custodial signing key that notes each transaction it broadcasts in the current request's record. */
export class RecordingWallet extends Wallet {
  override async sendTransaction(request: TransactionRequest): Promise<TransactionResponse> {
    const response = await super.sendTransaction(request);
    sentInThisRequest
      .getStore()
      ?.push({ hash: response.hash, sender: response.from, target: response.to ?? "", calldata: response.data });
    return response;
  }
}
