import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import { openPerson, type PersonOpening, resourceExchangeOf } from "./resourceExchange.js";

export type AcceptResourceUseParameters = {
  useId: string | bigint;
  /** The host's person (e.g. the seconded teacher), committed with a salt and the host's member id. */
  person?: { ref: string; salt?: string };
  /** The host's member id, needed with `person`. */
  memberId?: number;
};
export type AcceptResourceUseReturnType = { person?: PersonOpening; transactionHash: string };
export type AcceptResourceUseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownUse"
      | "ResourceExchangeNotHost"
      | "ResourceExchangeInvalidStatus"
      | "ResourceExchangeCapacityExceeded"
    >
  | BaseError;

/**
 * The host accepts a requested use, committing its quantity against the resource's capacity.
 *
 * @param client - A current key of the host member.
 * @param parameters - The use and optionally the person the host provides.
 * @returns The person's opening (to keep) and the transaction.
 * @example
 * await acceptResourceUse(host, { useId, memberId: 1, person: { ref: "T-0042" } });
 */
export async function acceptResourceUse(
  client: AllianceClient,
  parameters: AcceptResourceUseParameters,
): Promise<AcceptResourceUseReturnType> {
  const exchange = resourceExchangeOf(client);
  if (parameters.person && parameters.memberId === undefined)
    throw new BaseError("A person needs the host's memberId.");
  const person = openPerson(parameters.memberId ?? 0, parameters.person);
  const receipt = await sendTransaction(() =>
    exchange.acceptUse(parameters.useId, person?.commitment ?? `0x${"00".repeat(32)}`),
  );
  return { ...(person ? { person } : {}), transactionHash: receipt.hash };
}
