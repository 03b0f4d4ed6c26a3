import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import {
  RESOURCE_KINDS,
  type ResourceKind,
  type ResourceTerms,
  resourceExchangeOf,
  resourceKindCode,
  toResourceTerms,
} from "./resourceExchange.js";

export type PublishResourceParameters = {
  kind: ResourceKind;
  /** Required for `kind: "other"` (and only then): the name the charter gives the kind, e.g. "sports-ground". */
  kindName?: string;
  terms: ResourceTerms;
};
export type PublishResourceReturnType = { resourceId: number; kindCode: string; transactionHash: string };
export type PublishResourceErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"ResourceExchangeInvalidKind" | "ResourceExchangeInvalidTerms">
  | BaseError;

/**
 * A host member publishes a shared resource (a seconded teacher, a lab, equipment, a practice base, a
 * collection) as version 1.
 *
 * @param client - A current key of the host member.
 * @param parameters - The kind and version 1's terms.
 * @returns The resource's id, its kind code (zero for the named kinds) and the transaction.
 * @example
 * const { resourceId } = await publishResource(host, {
 *   kind: "labOrTrainingRoom",
 *   terms: { unit: "day", pricePerUnit: 80_000n, capacity: 4, termsHash },
 * });
 */
export async function publishResource(
  client: AllianceClient,
  parameters: PublishResourceParameters,
): Promise<PublishResourceReturnType> {
  const { kind, kindName, terms } = parameters;
  const exchange = resourceExchangeOf(client);
  const kindCode = kindName === undefined ? `0x${"00".repeat(32)}` : resourceKindCode(kindName);
  const receipt = await sendTransaction(() =>
    exchange.publishResource(RESOURCE_KINDS.indexOf(kind), kindCode, toResourceTerms(terms)),
  );
  return {
    resourceId: Number(eventArgs(exchange, receipt, "ResourcePublished").resourceId),
    kindCode,
    transactionHash: receipt.hash,
  };
}
