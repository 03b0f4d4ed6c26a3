import { hexlify, toUtf8Bytes } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

/** An ISO 4217 code as the contract's bytes3. */
export function currencyCode(code: string): string {
  if (!/^[A-Z]{3}$/.test(code))
    throw new BaseError(`"${code}" is not an ISO 4217 currency code.`, {
      details: ["Expected three capital letters, e.g. CNY."],
    });
  return hexlify(toUtf8Bytes(code));
}

export interface OpenPeriodParameters {
  currency: string;
  /** Every active member with its share in basis points; shares sum to 10,000. */
  shares: Array<{ memberId: number; shareBps: number }>;
}

/** The secretariat opens a budget period. Members are sorted by id as the contract requires. */
export async function openPeriod(client: AllianceClient, p: OpenPeriodParameters) {
  const sorted = [...p.shares].sort((a, b) => a.memberId - b.memberId);
  const receipt = await sendTransaction(() =>
    client.costLedger.openPeriod(
      currencyCode(p.currency),
      sorted.map((s) => s.memberId),
      sorted.map((s) => s.shareBps),
    ),
  );
  return {
    periodId: Number(eventArgs(client.costLedger, receipt, "PeriodOpened").periodId),
    transactionHash: receipt.hash,
  };
}
