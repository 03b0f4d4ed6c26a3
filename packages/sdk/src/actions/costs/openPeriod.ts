import { hexlify, toUtf8Bytes } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { getDecidedShares } from "./getDecidedShares.js";
import { sendTransaction } from "../sendTransaction.js";

/** An ISO 4217 code as the contract's bytes3; a `BaseError` for anything but three capital letters. */
export function currencyCode(code: string): string {
  if (!/^[A-Z]{3}$/.test(code))
    throw new BaseError(`"${code}" is not an ISO 4217 currency code.`, {
      details: ["Expected three capital letters, e.g. CNY."],
    });
  return hexlify(toUtf8Bytes(code));
}

export interface OpenPeriodParameters {
  currency: string;
  /**
   * Every active member with its share in basis points, as the council decided them (the charter's or
   * this period's own); omitted, the decided shares are read from the chain.
   */
  shares?: Array<{ memberId: number; shareBps: number }>;
}
export type OpenPeriodReturnType = {
  periodId: number;
  transactionHash: string;
};
export type OpenPeriodErrorType =
  | MissingRoleErrorType
  | ContractErrorType<
      | "CostLedgerPeriodStillOpen"
      | "CostLedgerInvalidCurrency"
      | "CostLedgerSharesLengthMismatch"
      | "CostLedgerMembersIncomplete"
      | "CostLedgerMembersNotAscending"
      | "CostLedgerSharesNotWhole"
      | "RegistryMemberNotActive"
      | "CostLedgerSharesNotDecided"
    >
  /** Also a currency that is not an ISO 4217 code, found before anything is sent. */
  | BaseError;

/**
 * The secretariat opens a budget period, one at a time, with the shares the council decided: the
 * charter's, unless the council decided others for this period. Members are sorted by id as the
 * contract requires.
 *
 * @param client - A secretariat key.
 * @param parameters - The period's currency and every active member's share.
 * @returns The new period's id and the transaction.
 * @example
 * const { periodId } = await openPeriod(secretariat, { currency: "CNY", shares: [{ memberId: 1, shareBps: 10_000 }] });
 */
export async function openPeriod(
  client: AllianceClient,
  parameters: OpenPeriodParameters,
): Promise<OpenPeriodReturnType> {
  const currency = currencyCode(parameters.currency);
  let shares = parameters.shares;
  if (!shares) {
    const periodId = Number(await client.costLedger.periodCount()) + 1;
    const decided = await getDecidedShares(client, { periodId });
    if (!decided)
      throw new BaseError(`The council has decided no shares for period ${periodId}.`, {
        details: ["A council decision sets the charter's shares, or shares for this period (DecideShares)."],
      });
    shares = decided.shares;
  }
  const sorted = [...shares].sort((a, b) => a.memberId - b.memberId);
  const receipt = await sendTransaction(() =>
    client.costLedger.openPeriod(
      currency,
      sorted.map((s) => s.memberId),
      sorted.map((s) => s.shareBps),
    ),
  );
  return {
    periodId: Number(eventArgs(client.costLedger, receipt, "PeriodOpened").periodId),
    transactionHash: receipt.hash,
  };
}
