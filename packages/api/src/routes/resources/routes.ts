import {
  acceptResourceUse,
  cancelResourceUse,
  confirmResourceUse,
  dayOfIsoDate,
  declineResourceUse,
  disputeResourceUse,
  publishResource,
  publishResourceVersion,
  recordResourceDelivery,
  requestResourceUse,
  resolveResourceDispute,
  retireResource,
  textHash,
} from "@alliance-ledger/sdk";
import type { Router } from "express";
import { custodialSigner, SECRETARIAT_SIGNER } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { json, Written } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import {
  AcceptUse,
  DeclineUse,
  DeliverUse,
  DisputeUse,
  PublishResource,
  RequestUse,
  ResolveUse,
  ResourceId,
  ResourcePage,
  ResourcePublished,
  ResourceQuery,
  ResourceUsePage,
  ResourceVersion,
  ResourceVersionPublished,
  UseId,
  UseQuery,
  UseRequested,
  UseWritten,
} from "./schemas.js";
import { keepPerson, listResources, listUses, requireParty, requireResource } from "./service.js";

const refused = { 409: { description: "refused by the contract (its error's name as `code`)" } };

/**
 * Shared resources (seconded teachers, labs, equipment, practice bases, collections) and their uses:
 * hosts publish, users request, hosts accept or decline and record delivery, users confirm or either
 * party disputes, the secretariat resolves. Every step is signed with the caller's custodial key; a
 * person (intern, seconded teacher) goes on chain only as a salted commitment.
 */
export function sharedResourceRoutes(deps: RouteDependencies): Router {
  const { db, reader, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/resources",
    summary: "Shared resources with their latest terms, filterable by host, kind and status, paginated",
    roles: "any",
    query: ResourceQuery,
    responses: { 200: { description: "a page of resources", content: json(ResourcePage) } },
    handler: async ({ query }) => ok(await listResources(deps, query)),
  });

  defineRoute({
    method: "post",
    path: "/resources",
    summary: "A host member publishes a shared resource (version 1)",
    roles: ["member"],
    body: PublishResource,
    responses: { 201: { description: "published", content: json(ResourcePublished) }, ...refused },
    handler: async ({ body: { kind, kindName, ...terms }, caller, req }) =>
      idempotentChainWrite(db, req, async () => ({
        status: 201,
        body: await publishResource(custodialSigner(signers, caller.memberId!), { kind, kindName, terms }),
      })),
  });

  defineRoute({
    method: "post",
    path: "/resources/{resourceId}/versions",
    summary: "The host publishes new terms for its resource (uses keep the version they were requested under)",
    roles: ["member"],
    params: ResourceId,
    body: ResourceVersion,
    responses: { 201: { description: "new version", content: json(ResourceVersionPublished) }, ...refused },
    handler: async ({ params: { resourceId }, body: terms, caller, req }) => {
      await requireResource(reader, resourceId);
      return idempotentChainWrite(db, req, async () => ({
        status: 201,
        body: await publishResourceVersion(custodialSigner(signers, caller.memberId!), { resourceId, terms }),
      }));
    },
  });

  defineRoute({
    method: "post",
    path: "/resources/{resourceId}/retire",
    summary: "The host retires its resource: no new requests or versions; uses under way go on",
    roles: ["member"],
    params: ResourceId,
    responses: { 200: { description: "retired", content: json(Written) }, ...refused },
    handler: async ({ params: { resourceId }, caller, req }) => {
      await requireResource(reader, resourceId);
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await retireResource(custodialSigner(signers, caller.memberId!), { resourceId }),
      }));
    },
  });

  defineRoute({
    method: "get",
    path: "/resource-uses",
    summary:
      "Uses of shared resources, filterable by resource, user, host, status and period; a school sees the uses it requested or hosts, the secretariat and auditors all",
    roles: "any",
    query: UseQuery,
    responses: { 200: { description: "a page of uses, oldest first", content: json(ResourceUsePage) } },
    handler: async ({ query, caller }) => ok(await listUses(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/resource-uses",
    summary:
      "A member requests a quantity of a resource for the days given; an intern's reference becomes a salted commitment on chain",
    roles: ["member"],
    body: RequestUse,
    responses: {
      201: { description: "requested", content: json(UseRequested) },
      404: { description: "`resource_not_found`" },
      ...refused,
    },
    handler: async ({ body, caller, req }) => {
      const memberId = caller.memberId!;
      await requireResource(reader, body.resourceId);
      let person: { ref: string; salt: string; commitment: string } | undefined;
      return idempotentChainWrite(
        db,
        req,
        async () => {
          const requested = await requestResourceUse(custodialSigner(signers, memberId), {
            resourceId: body.resourceId,
            quantity: body.quantity,
            startDay: dayOfIsoDate(body.startDay),
            endDay: dayOfIsoDate(body.endDay),
            memberId,
            ...(body.personRef === undefined ? {} : { person: { ref: body.personRef } }),
          });
          person = requested.person;
          return {
            status: 201,
            body: {
              useId: requested.useId,
              version: requested.version,
              hostMemberId: requested.hostMemberId,
              personCommitment: person?.commitment ?? null,
              transactionHash: requested.transactionHash,
            },
          };
        },
        async (tx, r) => {
          if (person) await keepPerson(tx, { useId: (r.body as { useId: string }).useId, memberId, ...person });
        },
      );
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/accept",
    summary: "The host accepts a requested use; a seconded teacher's reference becomes a salted commitment on chain",
    roles: ["member"],
    params: UseId,
    body: AcceptUse,
    responses: { 200: { description: "accepted", content: json(UseWritten) }, ...refused },
    handler: async ({ params: { useId }, body, caller, req }) => {
      const memberId = caller.memberId!;
      await requireParty(reader, useId, caller, "host");
      let person: { ref: string; salt: string; commitment: string } | undefined;
      return idempotentChainWrite(
        db,
        req,
        async () => {
          const accepted = await acceptResourceUse(custodialSigner(signers, memberId), {
            useId,
            memberId,
            ...(body.personRef === undefined ? {} : { person: { ref: body.personRef } }),
          });
          person = accepted.person;
          return {
            status: 200,
            body: {
              useId,
              status: "accepted",
              personCommitment: person?.commitment ?? null,
              transactionHash: accepted.transactionHash,
            },
          };
        },
        async (tx) => {
          if (person) await keepPerson(tx, { useId, memberId, ...person });
        },
      );
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/decline",
    summary: "The host declines a requested use with a reason (its hash on chain)",
    roles: ["member"],
    params: UseId,
    body: DeclineUse,
    responses: { 200: { description: "declined", content: json(UseWritten) }, ...refused },
    handler: async ({ params: { useId }, body: { reason }, caller, req }) => {
      await requireParty(reader, useId, caller, "host");
      const reasonHash = textHash(reason);
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: {
          useId,
          status: "declined",
          reasonHash,
          ...(await declineResourceUse(custodialSigner(signers, caller.memberId!), { useId, reasonHash })),
        },
      }));
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/cancel",
    summary: "The user cancels its request before the host decides",
    roles: ["member"],
    params: UseId,
    responses: { 200: { description: "cancelled", content: json(UseWritten) }, ...refused },
    handler: async ({ params: { useId }, caller, req }) => {
      await requireParty(reader, useId, caller, "user");
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: {
          useId,
          status: "cancelled",
          ...(await cancelResourceUse(custodialSigner(signers, caller.memberId!), { useId })),
        },
      }));
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/deliver",
    summary: "After the use, the host records the quantity it delivered with the delivery record's hash",
    roles: ["member"],
    params: UseId,
    body: DeliverUse,
    responses: { 200: { description: "delivered", content: json(UseWritten) }, ...refused },
    handler: async ({ params: { useId }, body, caller, req }) => {
      await requireParty(reader, useId, caller, "host");
      const deliveryHash = body.evidenceHash ?? textHash(body.note!);
      return idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: {
          useId,
          status: "delivered",
          deliveryHash,
          ...(await recordResourceDelivery(custodialSigner(signers, caller.memberId!), {
            useId,
            deliveredQuantity: body.quantity,
            deliveryHash,
          })),
        },
      }));
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/confirm",
    summary: "The user confirms the delivery; the fee accrues into the open period like a course fee",
    roles: ["member"],
    params: UseId,
    responses: { 200: { description: "confirmed", content: json(UseWritten) }, ...refused },
    handler: async ({ params: { useId }, caller, req }) => {
      await requireParty(reader, useId, caller, "user");
      return idempotentChainWrite(db, req, async () => {
        const c = await confirmResourceUse(custodialSigner(signers, caller.memberId!), { useId });
        return {
          status: 200,
          body: {
            useId,
            status: "confirmed",
            fee: c.fee.toString(),
            periodId: c.periodId === 0 ? null : c.periodId,
            transactionHash: c.transactionHash,
          },
        };
      });
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/dispute",
    summary: "The user or the host disputes a recorded delivery with a reason (its hash on chain)",
    roles: ["member"],
    params: UseId,
    body: DisputeUse,
    responses: { 200: { description: "disputed", content: json(UseWritten) }, ...refused },
    handler: async ({ params: { useId }, body: { reason }, caller, req }) => {
      await requireParty(reader, useId, caller, "party");
      const reasonHash = textHash(reason);
      return idempotentChainWrite(db, req, async () => {
        const d = await disputeResourceUse(custodialSigner(signers, caller.memberId!), { useId, reasonHash });
        return { status: 200, body: { useId, status: "disputed", reasonHash, transactionHash: d.transactionHash } };
      });
    },
  });

  defineRoute({
    method: "post",
    path: "/resource-uses/{useId}/resolve",
    summary: "The secretariat resolves a dispute, finally, with the quantity billed and its reasons (hashed on chain)",
    roles: ["secretariat"],
    params: UseId,
    body: ResolveUse,
    responses: {
      200: { description: "resolved", content: json(UseWritten) },
      404: { description: "`resource_use_not_found`" },
      ...refused,
    },
    handler: async ({ params: { useId }, body: { quantity, reason }, caller, req }) => {
      await requireParty(reader, useId, caller, "none");
      const reasonHash = textHash(reason);
      return idempotentChainWrite(db, req, async () => {
        const r = await resolveResourceDispute(custodialSigner(signers, SECRETARIAT_SIGNER), {
          useId,
          resolvedQuantity: quantity,
          reasonHash,
        });
        return {
          status: 200,
          body: {
            useId,
            status: "resolved",
            reasonHash,
            fee: r.fee.toString(),
            periodId: r.periodId === 0 ? null : r.periodId,
            transactionHash: r.transactionHash,
          },
        };
      });
    },
  });
  return router;
}
