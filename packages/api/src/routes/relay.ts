import { Router } from "express";
import { ForwardRequestRefusedError, relayForwardRequest, type AllianceClient } from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { idempotentChainWrite } from "../idempotency.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { address } from "../validators.js";
import { json, Relayed } from "../responseSchemas.js";

const uint = z.string().regex(/^\d{1,78}$/, "expected a non-negative integer as a decimal string");
const ForwardRequest = openApiRegistry.register(
  "SignedForwardRequest",
  z
    .object({
      from: address,
      to: address,
      value: z.literal("0").openapi({ description: "the alliance contracts take no payments" }),
      gas: uint,
      nonce: uint,
      deadline: z.number().int().positive(),
      data: z.string().regex(/^0x([0-9a-fA-F]{2}){4,}$/, "expected 0x-prefixed calldata with a function selector"),
      signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "expected a 65-byte signature"),
    })
    .strict()
    .openapi({
      description:
        "An ERC-2771 ForwardRequest signed (EIP-712) by one of your school's operator keys; the SDK's signForwardRequest makes one",
    }),
);
openApiRegistry.registerPath({
  method: "post",
  path: "/relay",
  summary:
    "Self-custody: relay a request your school signed with its own operator key; the contract sees your key, not the gateway's",
  ...secured,
  request: { body: { content: { "application/json": { schema: ForwardRequest } } } },
  responses: {
    200: { description: "relayed and mined", content: json(Relayed) },
    400: { description: "expired, stale nonce, bad signature or not an alliance contract" },
    403: { description: "the signing key is not your school's" },
    409: { description: "the contract refused the call (its error name)" },
  },
});

const REFUSAL_CODES = {
  expired: "request_expired",
  nonce: "stale_nonce",
  signature: "invalid_signature",
  target: "target_not_alliance_contract",
} as const;
const REFUSAL_FIELDS = { expired: "deadline", nonce: "nonce", signature: "signature", target: "to" } as const;

/** Relays members' self-signed requests through the alliance's ERC-2771 forwarder. */
export function relayRoutes(db: Database, reader: AllianceClient, relayer: AllianceClient | undefined): Router {
  const router = Router();
  router.post("/relay", authenticate(db), requireRole("member"), async (req, res) => {
    const request = validate(ForwardRequest, req.body);
    // The key must be a current operator key of the caller's school: a school relays only for itself.
    const key = await reader.registry.operatorKey(request.from);
    if (Number(key.memberId) !== req.apiKey!.memberId || key.validUntilBlock !== 0n) {
      throw new DomainError(
        "forbidden_member",
        `${request.from} is not a current operator key of member ${req.apiKey!.memberId}.`,
        [{ field: "from", value: request.from }],
      );
    }
    if (!relayer) throw new DomainError("no_relayer", "This gateway has no relayer key configured.");
    const { status, body } = await idempotentChainWrite(db, req, async () => {
      try {
        return { status: 200, body: await relayForwardRequest(relayer, request) };
      } catch (error) {
        if (error instanceof ForwardRequestRefusedError)
          throw new DomainError(REFUSAL_CODES[error.reason], error.shortMessage, [
            { field: REFUSAL_FIELDS[error.reason] },
          ]);
        throw error;
      }
    });
    res.status(status).json(body);
  });
  return router;
}
