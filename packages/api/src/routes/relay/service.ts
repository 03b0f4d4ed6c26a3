import { type AllianceClient, ForwardRequestRefusedError, relayForwardRequest } from "@alliance-ledger/sdk";
import type { z } from "zod";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import type { ForwardRequest } from "./schemas.js";

const REFUSAL_CODES = {
  expired: "request_expired",
  nonce: "stale_nonce",
  signature: "invalid_signature",
  target: "target_not_alliance_contract",
} as const;
const REFUSAL_FIELDS = { expired: "deadline", nonce: "nonce", signature: "signature", target: "to" } as const;

/** 403 unless the request's signer is a current operator key of the caller's school: a school relays only for itself. */
export async function requireOwnOperatorKey(
  reader: AllianceClient,
  request: z.infer<typeof ForwardRequest>,
  caller: ApiKeyRecord,
): Promise<void> {
  const key = await reader.registry.operatorKey(request.from);
  if (Number(key.memberId) !== caller.memberId || key.validUntilBlock !== 0n) {
    throw new DomainError(
      "forbidden_member",
      `${request.from} is not a current operator key of member ${caller.memberId}.`,
      [{ field: "from", value: request.from }],
    );
  }
}

/** Sends the request through the forwarder; the forwarder's refusals become named 400s. */
export async function relay(relayer: AllianceClient, request: z.infer<typeof ForwardRequest>) {
  try {
    return await relayForwardRequest(relayer, request);
  } catch (error) {
    if (error instanceof ForwardRequestRefusedError)
      throw new DomainError(REFUSAL_CODES[error.reason], error.shortMessage, [{ field: REFUSAL_FIELDS[error.reason] }]);
    throw error;
  }
}
