import type { Interface, Signer } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import {
  type AllianceContractName,
  FORWARD_REQUEST_TYPES,
  forwarderDomain,
  type SignedForwardRequest,
} from "./forwardRequest.js";

export type SignForwardRequestParameters = {
  contract: AllianceContractName;
  /** The contract function's name, e.g. "anchorBatch". */
  method: string;
  args: readonly unknown[];
  /** Gas the forwarder gives the inner call; default 1,000,000. */
  gas?: bigint;
  /** From the latest block's time; default one hour. */
  validForSeconds?: number;
};
export type SignForwardRequestReturnType = SignedForwardRequest;
/** A method the contract does not have; arguments that do not fit it come through as ethers' own errors. */
export type SignForwardRequestErrorType = BaseError;

/**
 * Self-custody: a member signs a call to an alliance contract with its own operator key, for a relayer
 * (the gateway) to submit through the forwarder. The contract then sees the member, not the relayer.
 * Only the signature leaves the member's machine, never the key. Unlike other actions it takes the
 * signer apart from the client, which only reads (the forwarder's domain and the signer's nonce).
 *
 * @param client - Any client of the alliance; a reader is enough.
 * @param signer - The member's operator key.
 * @param parameters - The contract, method and arguments of the call, its gas and how long it stays valid.
 * @returns The request and its signature, JSON-safe.
 * @example
 * const request = await signForwardRequest(reader, wallet, { contract: "creditLedger", method: "anchorBatch", args: [root, 64] });
 */
export async function signForwardRequest(
  client: AllianceClient,
  signer: Signer,
  parameters: SignForwardRequestParameters,
): Promise<SignForwardRequestReturnType> {
  const { contract, method, args } = parameters;
  const target = client[contract].interface as Interface;
  if (!target.getFunction(method))
    throw new BaseError(`The ${contract} contract has no function "${method}".`, {
      details: ["Name a function of the contract's ABI, e.g. anchorBatch on creditLedger."],
    });
  const from = await signer.getAddress();
  const latest = await signer.provider!.getBlock("latest");
  const request = {
    from,
    to: client.addresses[contract],
    value: 0n,
    gas: parameters.gas ?? 1_000_000n,
    nonce: await client.forwarder.nonces(from),
    deadline: latest!.timestamp + (parameters.validForSeconds ?? 3600),
    data: target.encodeFunctionData(method, args),
  };
  const signature = await signer.signTypedData(await forwarderDomain(client), FORWARD_REQUEST_TYPES, request);
  return { ...request, value: "0", gas: request.gas.toString(), nonce: request.nonce.toString(), signature };
}
