import { revokeAttestation, supersedeAttestation } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { custodialSigner } from "../../custody/custodialSigner.js";
import { DomainError } from "../../errors.js";
import { resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { json, Superseded, Written } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { AttestationId, Revoke, Supersede } from "./schemas.js";
import { anchoredRecord } from "./service.js";

/** Revocation and correction of anchored attestations, by their issuer only. */
export function correctionRoutes(deps: RouteDependencies): Router {
  const { db, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "post",
    path: "/attestations/{id}/revoke",
    summary: "The issuer revokes an anchored attestation with a reason code",
    roles: ["member"],
    params: AttestationId,
    body: Revoke,
    responses: { 200: { description: "revoked", content: json(Written) } },
    handler: async ({ params: { id }, body: { reasonCode }, caller, req }) => {
      const target = await anchoredRecord(deps, caller, id, "id");
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await revokeAttestation(custodialSigner(signers, target.issuerId), {
          record: target.position,
          reasonCode,
        }),
      }));
    },
  });

  defineRoute({
    method: "post",
    path: "/attestations/{id}/supersede",
    summary: "Correction: the issuer revokes an attestation and links the anchored record that replaces it",
    roles: ["member"],
    params: AttestationId,
    body: Supersede,
    responses: {
      200: {
        description: "superseded; verifiers of the old record are pointed to the new one",
        content: json(Superseded),
      },
    },
    handler: async ({ params: { id }, body: { replacementId, reasonCode }, caller, req }) => {
      const target = await anchoredRecord(deps, caller, id, "id");
      const replacement = await anchoredRecord(deps, caller, replacementId, "replacementId");
      if (replacement.leaf === target.leaf)
        throw new DomainError("invalid_replacement", "A record cannot replace itself.", [{ field: "replacementId" }]);
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: {
          ...(await supersedeAttestation(custodialSigner(signers, target.issuerId), {
            record: target.position,
            reasonCode,
            replacement: replacement.position,
          })),
          replacementLeaf: replacement.leaf,
        },
      }));
    },
  });
  return router;
}
