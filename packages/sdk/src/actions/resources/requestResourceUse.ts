import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import { openPerson, type PersonOpening, resourceExchangeOf } from "./resourceExchange.js";

export type RequestResourceUseParameters = {
  resourceId: number;
  quantity: number;
  /** Days since 1970-01-01 (UTC): see `dayOfIsoDate`. */
  startDay: number;
  endDay: number;
  /**
   * The user's person (e.g. an intern): the member's own reference, committed with a fresh salt (or the
   * salt given) and the user's member id. Only the commitment goes on chain.
   */
  person?: { ref: string; salt?: string };
  /** The user's member id, needed with `person` (the commitment binds it). */
  memberId?: number;
};
export type RequestResourceUseReturnType = {
  useId: string;
  version: number;
  hostMemberId: number;
  /** The reference, salt and commitment of the person, to keep: they open the commitment on chain. */
  person?: PersonOpening;
  transactionHash: string;
};
export type RequestResourceUseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownResource"
      | "ResourceExchangeResourceRetired"
      | "ResourceExchangeOwnResource"
      | "ResourceExchangeInvalidQuantity"
      | "ResourceExchangeInvalidDates"
    >
  | BaseError;

/**
 * The caller's member requests a quantity of an active resource's latest version for the days given.
 *
 * @param client - A current key of the user member (not the host).
 * @param parameters - Resource, quantity, days and optionally the person the use is for.
 * @returns The use's id, the version it was requested under, the host and the person's opening.
 * @example
 * const { useId, person } = await requestResourceUse(user, {
 *   resourceId, quantity: 2, startDay: dayOfIsoDate("2026-03-02"), endDay: dayOfIsoDate("2026-03-03"),
 *   memberId: 2, person: { ref: "intern 2026-017" },
 * });
 */
export async function requestResourceUse(
  client: AllianceClient,
  parameters: RequestResourceUseParameters,
): Promise<RequestResourceUseReturnType> {
  const { resourceId, quantity, startDay, endDay, memberId } = parameters;
  const exchange = resourceExchangeOf(client);
  if (parameters.person && memberId === undefined) throw new BaseError("A person needs the user's memberId.");
  const person = openPerson(memberId ?? 0, parameters.person);
  const receipt = await sendTransaction(() =>
    exchange.requestUse(resourceId, quantity, startDay, endDay, person?.commitment ?? `0x${"00".repeat(32)}`),
  );
  const a = eventArgs(exchange, receipt, "UseRequested");
  return {
    useId: a.useId.toString(),
    version: Number(a.version),
    hostMemberId: Number(a.hostMemberId),
    ...(person ? { person } : {}),
    transactionHash: receipt.hash,
  };
}
