import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import { type ResourceTerms, resourceExchangeOf, toResourceTerms } from "./resourceExchange.js";

export type PublishResourceVersionParameters = { resourceId: number; terms: ResourceTerms };
export type PublishResourceVersionReturnType = { resourceId: number; version: number; transactionHash: string };
export type PublishResourceVersionErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "ResourceExchangeUnknownResource"
      | "ResourceExchangeNotHost"
      | "ResourceExchangeResourceRetired"
      | "ResourceExchangeInvalidTerms"
    >
  | BaseError;

/**
 * The host publishes new terms (price, capacity, unit, terms document) for its resource. New requests
 * take the latest version; a use keeps the version it was requested under.
 *
 * @param client - A current key of the host member.
 * @param parameters - The resource and the new version's terms.
 * @returns The new version's number and the transaction.
 * @example
 * const { version } = await publishResourceVersion(host, { resourceId, terms: { ...terms, capacity: 6 } });
 */
export async function publishResourceVersion(
  client: AllianceClient,
  parameters: PublishResourceVersionParameters,
): Promise<PublishResourceVersionReturnType> {
  const { resourceId, terms } = parameters;
  const exchange = resourceExchangeOf(client);
  const receipt = await sendTransaction(() => exchange.publishResourceVersion(resourceId, toResourceTerms(terms)));
  return {
    resourceId,
    version: Number(eventArgs(exchange, receipt, "ResourceVersionPublished").version),
    transactionHash: receipt.hash,
  };
}
