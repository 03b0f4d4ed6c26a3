import { createHash } from "node:crypto";
import { Router } from "express";
import {
  closePeriod,
  confirmSettlement,
  openPeriod,
  recordSettlement,
  reconciliationReportJson,
  type AllianceClient,
} from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { idempotentChainWrite } from "../idempotency.js";
import { custodialSigner, SECRETARIAT_SIGNER } from "../custody/custodialSigner.js";
import { listSettlements } from "../readModel/queries/listSettlements.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { minorUnits, page } from "../validators.js";
import { json, PeriodClosed, PeriodOpened, Reconciliation, SettlementRecorded, Written } from "../responseSchemas.js";

const OpenPeriod = openApiRegistry.register(
  "OpenPeriod",
  z
    .object({
      currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as CNY"),
      shares: z
        .array(
          z.object({ memberId: z.number().int().positive(), shareBps: z.number().int().min(0).max(10_000) }).strict(),
        )
        .min(1)
        .max(1_000),
    })
    .strict()
    .refine((p) => p.shares.reduce((s, x) => s + x.shareBps, 0) === 10_000, {
      message: "shares must sum to 10,000 basis points",
      path: ["shares"],
    }),
);
const Settlement = openApiRegistry.register(
  "RecordSettlement",
  z
    .object({
      periodId: z.number().int().positive(),
      payeeId: z.number().int().positive(),
      amount: minorUnits,
      paymentReference: z.string().min(1).max(100),
    })
    .strict(),
);

const SettlementQuery = z.object({
  periodId: z.coerce.number().int().positive().optional(),
  confirmed: z.enum(["true", "false"]).optional(),
  ...page,
});
const SettlementRow = openApiRegistry.register(
  "Settlement",
  z.object({
    settlementId: z.string(),
    periodId: z.number(),
    payerId: z.number(),
    payeeId: z.number(),
    amount: z.string(),
    paymentRefHash: z.string(),
    confirmed: z.boolean(),
    recordedAtBlock: z.number(),
  }),
);
openApiRegistry.registerPath({
  method: "get",
  path: "/settlements",
  summary:
    "Settlement payments on chain (from the index), filterable by period and whether the payee confirmed, paginated",
  ...secured,
  request: { query: SettlementQuery },
  responses: {
    200: {
      description: "a page of settlements, oldest first",
      content: { "application/json": { schema: z.object({ items: z.array(SettlementRow), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/periods",
  summary: "The secretariat opens a budget period with every active member's share",
  ...secured,
  request: { body: { content: { "application/json": { schema: OpenPeriod } } } },
  responses: {
    201: { description: "opened", content: json(PeriodOpened) },
    409: { description: "refused by the contract (e.g. a period is still open)" },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/periods/{periodId}/close",
  summary: "The secretariat closes a period: nets from the chain, report hash recorded on chain; returns the report",
  ...secured,
  request: { params: z.object({ periodId: z.string() }) },
  responses: { 200: { description: "closed; the report whose SHA-256 is on chain", content: json(PeriodClosed) } },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/periods/{periodId}/report",
  summary: "The closed period's reconciliation report, byte for byte: its SHA-256 is the report hash on chain",
  ...secured,
  request: { params: z.object({ periodId: z.string() }) },
  responses: {
    200: { description: "the canonical report JSON", content: json(Reconciliation) },
    404: { description: "this gateway did not close that period" },
    409: {
      description: "`report_altered`: the stored report's SHA-256 is not the hash recorded at close; it is not served",
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/settlements",
  summary: "The payer records a settlement payment of a closed period",
  ...secured,
  request: { body: { content: { "application/json": { schema: Settlement } } } },
  responses: { 201: { description: "recorded", content: json(SettlementRecorded) } },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/settlements/{settlementId}/confirm",
  summary: "The payee confirms a settlement payment arrived",
  ...secured,
  request: { params: z.object({ settlementId: z.string() }) },
  responses: { 200: { description: "confirmed", content: json(Written) } },
});

/** Budget periods (open, close with the reconciliation) and settlements, signed with custodial keys. */
export function periodRoutes(db: Database, reader: AllianceClient, signers: Map<number, AllianceClient>): Router {
  const router = Router();

  router.post("/periods", authenticate(db), requireRole("secretariat"), async (req, res) => {
    const body = validate(OpenPeriod, req.body);
    const { status, body: out } = await idempotentChainWrite(db, req, async () => ({
      status: 201,
      body: await openPeriod(custodialSigner(signers, SECRETARIAT_SIGNER), body),
    }));
    res.status(status).json(out);
  });

  router.post("/periods/:periodId/close", authenticate(db), requireRole("secretariat"), async (req, res) => {
    const { periodId } = validate(z.object({ periodId: z.coerce.number().int().positive() }), req.params);
    let report = "";
    const { status, body } = await idempotentChainWrite(
      db,
      req,
      async () => {
        const closed = await closePeriod(custodialSigner(signers, SECRETARIAT_SIGNER), { periodId });
        report = reconciliationReportJson(closed.reconciliation);
        return {
          status: 200,
          body: { reportHash: closed.reportHash, transactionHash: closed.transactionHash, report: JSON.parse(report) },
        };
      },
      // Kept byte for byte: its SHA-256 is the hash on chain, and it is the secretariat's books for the audit export.
      async (tx, r) =>
        void (await tx.query(
          "periods.report",
          "INSERT INTO period_reports (period_id, report_hash, report, closed_at) VALUES ($1, $2, $3, $4)",
          [periodId, (r.body as { reportHash: string }).reportHash, report, new Date().toISOString()],
        )),
    );
    res.status(status).json(body);
  });

  router.get("/periods/:periodId/report", authenticate(db), async (req, res) => {
    const { periodId } = validate(z.object({ periodId: z.coerce.number().int().positive() }), req.params);
    const [row] = await db.query<{ report: string }>(
      "periods.getReport",
      "SELECT report FROM period_reports WHERE period_id = $1",
      [periodId],
    );
    if (!row)
      throw new DomainError("report_not_found", `This gateway holds no closing report for period ${periodId}.`, [
        { field: "periodId", value: periodId },
      ]);
    // Served only as closed: re-hashed against the hash the close put on chain, so altered books are never handed out as the report.
    const onChain = (await reader.costLedger.period(periodId)).reportHash.toLowerCase();
    const stored = `0x${createHash("sha256").update(row.report).digest("hex")}`;
    if (stored !== onChain) {
      throw new DomainError(
        "report_altered",
        `The stored report of period ${periodId} is not the one closed on chain: its SHA-256 is ${stored}, the close recorded ${onChain}. Tell the auditor.`,
        [{ field: "periodId", value: periodId }],
      );
    }
    res.type("application/json").send(row.report);
  });

  router.get("/settlements", authenticate(db), async (req, res) => {
    res.json(await listSettlements(db, validate(SettlementQuery, req.query)));
  });

  router.post("/settlements", authenticate(db), requireRole("member"), async (req, res) => {
    const body = validate(Settlement, req.body);
    const { status, body: out } = await idempotentChainWrite(db, req, async () => {
      const recorded = await recordSettlement(custodialSigner(signers, req.apiKey!.memberId!), body);
      return {
        status: recorded.alreadyRecorded ? 200 : 201,
        body: {
          settlementId: recorded.settlementId.toString(),
          transactionHash: recorded.transactionHash,
          alreadyRecorded: recorded.alreadyRecorded,
        },
      };
    });
    res.status(status).json(out);
  });

  router.post("/settlements/:settlementId/confirm", authenticate(db), requireRole("member"), async (req, res) => {
    const { settlementId } = validate(z.object({ settlementId: z.coerce.bigint().positive() }), req.params);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 200,
      body: await confirmSettlement(custodialSigner(signers, req.apiKey!.memberId!), { settlementId }),
    }));
    res.status(status).json(body);
  });
  return router;
}
