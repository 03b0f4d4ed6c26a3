import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";
import { type CheckForwardRequestErrorType, checkForwardRequest } from "./checkForwardRequest.js";
import type { SignedForwardRequest } from "./forwardRequest.js";

export type RelayForwardRequestParameters = SignedForwardRequest;
export type RelayForwardRequestReturnType = { transactionHash: string; blockNumber: number };
export type RelayForwardRequestErrorType =
  | CheckForwardRequestErrorType
  /** The forwarder's own refusals, should the chain move between the check and the send. */
  | ContractErrorType<"ERC2771ForwarderInvalidSigner" | "ERC2771ForwarderExpiredRequest" | "ERC2771UntrustfulTarget">
  | BaseError;

/**
 * A relayer submits a member's signed request through the forwarder, after `checkForwardRequest`.
 *
 * @param relayer - The relayer's client, which pays for the transaction.
 * @param request - The member's signed request.
 * @returns The transaction and its block.
 * @example
 * const { transactionHash } = await relayForwardRequest(gateway, request);
 */
export async function relayForwardRequest(
  relayer: AllianceClient,
  request: RelayForwardRequestParameters,
): Promise<RelayForwardRequestReturnType> {
  await checkForwardRequest(relayer, request);
  const receipt = await sendTransaction(() =>
    relayer.forwarder.execute({
      from: request.from,
      to: request.to,
      value: BigInt(request.value),
      gas: BigInt(request.gas),
      deadline: request.deadline,
      data: request.data,
      signature: request.signature,
    }),
  );
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
