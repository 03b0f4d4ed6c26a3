import { concat, verifyTypedData, type Interface, type Signer } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
import { sendTransaction } from "../sendTransaction.js";

/** The EIP-712 type OpenZeppelin's ERC2771Forwarder verifies. */
export const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
};

/** A member's signed request, JSON-safe (numbers as decimal strings) so it can travel to a relayer. */
export interface SignedForwardRequest {
  from: string;
  to: string;
  value: string;
  gas: string;
  nonce: string;
  deadline: number;
  data: string;
  signature: string;
}

export type AllianceContractName = "registry" | "catalog" | "creditLedger" | "costLedger";

/** Why a relayer refused a request before sending it. */
export class ForwardRequestRefusedError extends BaseError {
  override name = "ForwardRequestRefusedError";
  constructor(
    readonly reason: "expired" | "nonce" | "signature" | "target",
    message: string,
  ) {
    super(message, { docsPath: "packages/sdk/README.md#self-custody" });
  }
}

async function forwarderDomain(client: AllianceClient) {
  const d = await client.forwarder.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/**
 * Self-custody: a member signs a call to an alliance contract with its own operator key, for a
 * relayer (the gateway) to submit through the forwarder. The contract then sees the member, not the
 * relayer. Only the signature leaves the member's machine, never the key.
 *
 * @example const request = await signForwardRequest(client, wallet, { contract: "creditLedger", method: "anchorBatch", args: [root, 64] });
 */
export async function signForwardRequest(
  client: AllianceClient,
  signer: Signer,
  p: {
    contract: AllianceContractName;
    method: string;
    args: readonly unknown[];
    gas?: bigint;
    validForSeconds?: number;
  },
): Promise<SignedForwardRequest> {
  const target = client[p.contract];
  const from = await signer.getAddress();
  const latest = await signer.provider!.getBlock("latest");
  const request = {
    from,
    to: client.addresses[p.contract],
    value: 0n,
    gas: p.gas ?? 1_000_000n,
    nonce: await client.forwarder.nonces(from),
    deadline: latest!.timestamp + (p.validForSeconds ?? 3600),
    data: (target.interface as Interface).encodeFunctionData(p.method, p.args),
  };
  const signature = await signer.signTypedData(await forwarderDomain(client), FORWARD_REQUEST_TYPES, request);
  return { ...request, value: "0", gas: request.gas.toString(), nonce: request.nonce.toString(), signature };
}

/**
 * Checks a signed request the way the forwarder will, with a reason a person can act on: the target
 * is an alliance contract, the deadline has not passed, the nonce is the signer's next one, the
 * signature is the `from` key's. Then simulates the inner call as the forwarder would make it, so a
 * refusal comes back as the contract's named error (the forwarder itself reports only "call failed").
 */
export async function checkForwardRequest(client: AllianceClient, request: SignedForwardRequest): Promise<void> {
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

/** A relayer submits a member's signed request through the forwarder after {@link checkForwardRequest}. */
export async function relayForwardRequest(
  relayer: AllianceClient,
  request: SignedForwardRequest,
): Promise<{ transactionHash: string; blockNumber: number }> {
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
