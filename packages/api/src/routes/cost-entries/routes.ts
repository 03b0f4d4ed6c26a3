import { claimEntry, confirmEntry, type EntryClaim, rejectEntry } from "@alliance-ledger/sdk";
import type { Router } from "express";
import { custodialSigner, SECRETARIAT_SIGNER } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { EntryWritten, json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { ClaimBody, CostEntryPage, EntryId, EntryQuery, Reject } from "./schemas.js";
import { bookClaim, bookDecision, listCostEntries } from "./service.js";

/**
 * Cost entries: members claim, the secretariat confirms or rejects (custodial keys; the secretariat's
 * is kept under member id 0).
 */
export function costEntryRoutes(deps: RouteDependencies): Router {
  const { db, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/cost-entries",
    summary:
      "Cost entries on chain (from the index), filterable by period, member and status: the secretariat's queue of claims to confirm",
    roles: "any",
    query: EntryQuery,
    responses: {
      200: {
        description:
          "a page of entries, oldest first; `reference` (the member's voucher number) where this gateway submitted the claim, shown only to that member's keys, the secretariat and auditors",
        content: json(CostEntryPage),
      },
    },
    handler: async ({ query, caller }) => ok(await listCostEntries(deps, query, caller)),
  });

  defineRoute({
    method: "post",
    path: "/cost-entries",
    summary:
      "A member claims a contribution, an expense, alliance income it received (a grant, training fees) or a reversal (counts once the secretariat confirms)",
    roles: ["member"],
    body: ClaimBody,
    responses: {
      201: { description: "claimed on chain", content: json(EntryWritten) },
      400: { description: "invalid" },
      409: { description: "refused by the contract" },
    },
    handler: async ({ body, caller, req }) => {
      const memberId = caller.memberId!;
      const signer = custodialSigner(signers, memberId);
      const entry: EntryClaim =
        body.kind === "inKind"
          ? { kind: "inKind", category: body.category, quantity: body.quantity, unitValue: body.unitValue }
          : body.kind === "reversal"
            ? { kind: "reversal", reverses: body.reverses, amount: body.amount }
            : body.kind === "income"
              ? { kind: "income", source: body.source, amount: body.amount }
              : { kind: body.kind, amount: body.amount };
      const amount = entry.kind === "inKind" ? entry.quantity * entry.unitValue : entry.amount;
      return idempotentChainWrite(
        db,
        req,
        async () => {
          const claimed = await claimEntry(signer, {
            memberId,
            reference: body.reference,
            periodId: body.periodId,
            entry,
            evidenceHash: body.evidenceHash,
          });
          return { status: claimed.alreadyRecorded ? 200 : 201, body: claimed };
        },
        // A claim already on chain (its first answer lost in a crash) is booked now if it was not then.
        async (tx, r) =>
          bookClaim(tx, {
            entryId: (r.body as { entryId: string }).entryId,
            reference: body.reference,
            periodId: body.periodId,
            memberId,
            kind: body.kind,
            amount,
          }),
      );
    },
  });

  defineRoute({
    method: "post",
    path: "/cost-entries/{entryId}/confirm",
    summary: "The secretariat confirms a claimed entry",
    roles: ["secretariat"],
    params: EntryId,
    responses: {
      200: { description: "confirmed", content: json(EntryWritten) },
      409: { description: "refused by the contract" },
    },
    handler: async ({ params: { entryId }, req }) => {
      const signer = custodialSigner(signers, SECRETARIAT_SIGNER);
      return idempotentChainWrite(
        db,
        req,
        async () => ({ status: 200, body: { entryId, ...(await confirmEntry(signer, { entryId })) } }),
        async (tx) => bookDecision(tx, entryId, "confirmed"),
      );
    },
  });

  defineRoute({
    method: "post",
    path: "/cost-entries/{entryId}/reject",
    summary: "The secretariat rejects a claimed entry with a reason code",
    roles: ["secretariat"],
    params: EntryId,
    body: Reject,
    responses: { 200: { description: "rejected", content: json(EntryWritten) } },
    handler: async ({ params: { entryId }, body: { reasonCode }, req }) => {
      const signer = custodialSigner(signers, SECRETARIAT_SIGNER);
      return idempotentChainWrite(
        db,
        req,
        async () => ({ status: 200, body: { entryId, ...(await rejectEntry(signer, { entryId, reasonCode })) } }),
        async (tx) => bookDecision(tx, entryId, "rejected"),
      );
    },
  });
  return router;
}
