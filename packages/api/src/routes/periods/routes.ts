import {
  closePeriod,
  getDecidedShares,
  openPeriod,
  previewReconciliation,
  reconciliationReportJson,
} from "@alliance-ledger/sdk";
import { DomainError } from "../../errors.js";
import type { Router } from "express";
import { custodialSigner, SECRETARIAT_SIGNER } from "../../custody/custodialSigner.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { idempotentChainWrite } from "../../idempotency.js";
import { jsonSafe } from "../../jsonSafe.js";
import { json, PeriodClosed, PeriodOpened, Reconciliation } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { OpenPeriod, PeriodId, PeriodPage, PeriodQuery } from "./schemas.js";
import { closingReport, listPeriods, storeClosingReport } from "./service.js";

/** Budget periods: open, reconcile, close with the report on chain (signed with the secretariat's custodial key). */
export function periodRoutes(deps: RouteDependencies): Router {
  const { db, reader, signers } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/periods",
    summary: "Budget periods, newest first: currency, shares, and whether closed",
    roles: "any",
    query: PeriodQuery,
    responses: { 200: { description: "a page of periods", content: json(PeriodPage) } },
    handler: async ({ query }) => ok(await listPeriods(deps, query)),
  });

  defineRoute({
    method: "post",
    path: "/periods",
    summary:
      "The secretariat opens a budget period with the investment shares the council decided: this period's own, else the charter's",
    roles: ["secretariat"],
    body: OpenPeriod,
    responses: {
      201: { description: "opened", content: json(PeriodOpened) },
      409: {
        description:
          "`shares_not_decided` when the council decided none, or refused by the contract (a period is still open; shares other than the decided ones)",
      },
    },
    handler: async ({ body, req }) =>
      idempotentChainWrite(db, req, async () => {
        const periodId = Number(await reader.costLedger.periodCount()) + 1;
        const shares = body.shares ?? (await getDecidedShares(reader, { periodId }))?.shares;
        if (!shares)
          throw new DomainError(
            "shares_not_decided",
            `The council has decided no investment shares for period ${periodId}: neither the charter's nor this period's own.`,
            [{ periodId }],
          );
        return {
          status: 201,
          body: await openPeriod(custodialSigner(signers, SECRETARIAT_SIGNER), { currency: body.currency, shares }),
        };
      }),
  });

  defineRoute({
    method: "post",
    path: "/periods/{periodId}/close",
    summary: "The secretariat closes a period: nets from the chain, report hash recorded on chain; returns the report",
    roles: ["secretariat"],
    params: PeriodId,
    responses: { 200: { description: "closed; the report whose SHA-256 is on chain", content: json(PeriodClosed) } },
    handler: async ({ params: { periodId }, req }) => {
      let report = "";
      return idempotentChainWrite(
        db,
        req,
        async () => {
          const closed = await closePeriod(custodialSigner(signers, SECRETARIAT_SIGNER), { periodId });
          report = reconciliationReportJson(closed.reconciliation);
          return {
            status: 200,
            body: {
              reportHash: closed.reportHash,
              transactionHash: closed.transactionHash,
              report: JSON.parse(report),
            },
          };
        },
        async (tx, r) =>
          storeClosingReport(tx, { periodId, reportHash: (r.body as { reportHash: string }).reportHash, json: report }),
      );
    },
  });

  defineRoute({
    method: "get",
    path: "/periods/{periodId}/report",
    summary: "The closed period's reconciliation report, byte for byte: its SHA-256 is the report hash on chain",
    roles: "any",
    params: PeriodId,
    responses: {
      200: { description: "the canonical report JSON", content: json(Reconciliation) },
      404: { description: "this gateway did not close that period" },
      409: {
        description:
          "`report_altered`: the stored report's SHA-256 is not the hash recorded at close; it is not served",
      },
    },
    // Sent as stored, not re-serialised: its bytes are what the hash on chain covers.
    handler: async ({ params: { periodId }, res }) =>
      void res.type("application/json").send(await closingReport(deps, periodId)),
  });

  defineRoute({
    method: "get",
    path: "/periods/{periodId}/reconciliation",
    summary: "Each member's totals, allocated cost and net, and the settlement plan, from the chain",
    roles: "any",
    params: PeriodId,
    responses: {
      200: {
        description: "reconciliation (amounts as decimal strings of minor units)",
        content: json(Reconciliation),
      },
    },
    handler: async ({ params: { periodId } }) => ok(jsonSafe(await previewReconciliation(reader, { periodId }))),
  });
  return router;
}
