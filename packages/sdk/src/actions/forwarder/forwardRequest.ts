import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";

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

/** The forwarder's EIP-712 domain, read from the contract (ERC-5267). */
export async function forwarderDomain(client: AllianceClient) {
  const d = await client.forwarder.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}
