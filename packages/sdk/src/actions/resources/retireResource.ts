import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import { resourceExchangeOf } from "./resourceExchange.js";

export type RetireResourceParameters = { resourceId: number };
export type RetireResourceReturnType = { transactionHash: string };
export type RetireResourceErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"ResourceExchangeUnknownResource" | "ResourceExchangeNotHost" | "ResourceExchangeResourceRetired">
  | BaseError;

/**
 * The host retires its resource: no new requests or versions; uses under way go on.
 *
 * @param client - A current key of the host member.
 * @param parameters - The resource to retire.
 * @returns The transaction.
 * @example
 * await retireResource(host, { resourceId: 3 });
 */
export async function retireResource(
  client: AllianceClient,
  parameters: RetireResourceParameters,
): Promise<RetireResourceReturnType> {
  const exchange = resourceExchangeOf(client);
  return { transactionHash: (await sendTransaction(() => exchange.retireResource(parameters.resourceId))).hash };
}
