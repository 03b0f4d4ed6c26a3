import { concat, verifyTypedData } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { type ContractRevertedError, withDecodedErrors } from "../../errors/contractErrors.js";
import {
  FORWARD_REQUEST_TYPES,
  ForwardRequestRefusedError,
  forwarderDomain,
  type SignedForwardRequest,
} from "./forwardRequest.js";

export type CheckForwardRequestParameters = SignedForwardRequest;
export type CheckForwardRequestReturnType = undefined;
/**
 * A refusal with a reason (expired, nonce, signature, target), or the inner call's refusal: any error the
 * target contract's function can revert with, so no finer type than `ContractRevertedError` holds.
 */
export type CheckForwardRequestErrorType = ForwardRequestRefusedError | ContractRevertedError;

/**
 * Checks a signed request the way the forwarder will, with a reason a person can act on: the target is
 * an alliance contract, the deadline has not passed, the nonce is the signer's next one, the signature
 * is the `from` key's. Then simulates the inner call as the forwarder would make it, so a refusal comes
 * back as the contract's named error (the forwarder itself reports only "call failed").
 *
 * @param client - Any client of the alliance (the relayer's).
 * @param request - The signed request (`signForwardRequest`'s result).
 * @returns Nothing; it throws if the forwarder or the contract would refuse.
 * @example
 * await checkForwardRequest(relayer, request);
 */
export async function checkForwardRequest(
  client: AllianceClient,
  request: CheckForwardRequestParameters,
): Promise<CheckForwardRequestReturnType> {
  const { registry, catalog, creditLedger, costLedger } = client.addresses;
  if (![registry, catalog, creditLedger, costLedger].some((t) => t.toLowerCase() === request.to.toLowerCase())) {
    throw new ForwardRequestRefusedError("target", `${request.to} is not one of this alliance's contracts.`);
  }
  const provider = client.forwarder.runner!.provider!;
  const latest = await provider.getBlock("latest");
  if (request.deadline < latest!.timestamp)
    throw new ForwardRequestRefusedError(
      "expired",
      `The request expired at ${new Date(request.deadline * 1000).toISOString()}; sign it again.`,
    );
  const next = await client.forwarder.nonces(request.from);
  if (BigInt(request.nonce) !== next)
    throw new ForwardRequestRefusedError(
      "nonce",
      `Nonce ${request.nonce} is not ${request.from}'s next (${next}); it was used already or skips ahead. Sign it again.`,
    );
  const { signature, ...signed } = request;
  let signer: string;
  try {
    signer = verifyTypedData(await forwarderDomain(client), FORWARD_REQUEST_TYPES, signed, signature);
  } catch {
    signer = "";
  }
  if (signer.toLowerCase() !== request.from.toLowerCase())
    throw new ForwardRequestRefusedError("signature", `The signature is not ${request.from}'s over this request.`);
  // ERC-2771: the forwarder appends the sender's address to the calldata.
  await withDecodedErrors(() =>
    provider.call({
      from: client.addresses.forwarder,
      to: request.to,
      data: concat([request.data, request.from]),
      gasLimit: BigInt(request.gas),
    }),
  );
}
