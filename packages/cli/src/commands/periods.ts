import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { GatewayReconciliation } from "@alliance-ledger/sdk";
import { minorUnits, positiveInt } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { isJson, printPage, printResult, printTable } from "../output.js";
import { type Paging, pagingOptions } from "../paging.js";
import { parseShares } from "../shares.js";
import { formatAmount, formatBps, formatMoney } from "../units.js";

/** A reconciliation: JSON as the gateway answered it with --json, else members by name and amounts in the period's currency. */
async function printReconciliation(
  program: Command,
  o: GatewayOptions,
  r: GatewayReconciliation,
  extra: Record<string, unknown> = {},
) {
  if (isJson(program)) return console.log(JSON.stringify({ ...extra, ...r }));
  const member = await createLookups(await gatewayClient(o)).members();
  const amount = (minor: string) => formatAmount(minor, r.currency);
  const income = BigInt(r.totalIncome ?? "0");
  console.log(
    `period ${r.periodId} (${r.currency}), total cost ${formatMoney(r.totalCost, r.currency)}` +
      (income > 0n ? `, alliance income ${formatMoney(r.totalIncome, r.currency)}` : ""),
  );
  await printTable(
    [
      { header: "member" },
      { header: "share", align: "right" },
      ...[
        "contributed",
        "expenses paid",
        "fees receivable",
        "fees payable",
        "income held",
        "allocated cost",
        "net",
      ].map((header) => ({
        header,
        align: "right" as const,
      })),
    ],
    r.members.map((m) => [
      member(m.memberId),
      formatBps(m.shareBps),
      ...[
        m.contributed,
        m.expensesPaid,
        m.feesReceivable,
        m.feesPayable,
        m.incomeReceived ?? "0",
        m.allocatedCost,
        m.net,
      ].map(amount),
    ]),
  );
  console.log("\nsettlements (fewest transfers):");
  await printTable(
    [{ header: "payer" }, { header: "payee" }, { header: "amount", align: "right" }],
    r.settlements.map((t) => [member(t.payerId), member(t.payeeId), formatMoney(t.amount, r.currency)]),
  );
  for (const [k, v] of Object.entries(extra)) console.log(`${k}: ${v}`);
}

/** `alliance periods ...` and `alliance settlements ...`: the secretariat's cost-sharing cycle. */
export function registerPeriodCommands(program: Command) {
  const periods = program.command("periods").description("budget periods: open, reconcile, close");

  gatewayOptions(
    periods
      .command("open")
      .description(
        "secretariat: open a budget period with the shares the council decided (this period's own, else the charter's)",
      )
      .option("--shares <pairs>", "memberId:basisPoints,... as a check: refused unless they are the decided ones")
      .option("--currency <code>", "ISO 4217 currency", "CNY"),
  ).action(async (o: GatewayOptions & { shares?: string; currency: string }) => {
    const shares = o.shares === undefined ? undefined : parseShares(o.shares);
    const r = await withGateway(o, (g) => g.openPeriod({ currency: o.currency, shares }));
    printResult(program, r, `opened period ${r.periodId}`);
  });

  gatewayOptions(
    periods
      .command("reconcile")
      .argument("<periodId>", "the period", positiveInt("periodId"))
      .description("preview each member's net position and the settlements, from the chain"),
  ).action(async (periodId: number, o: GatewayOptions) =>
    printReconciliation(program, o, await withGateway(o, (g) => g.reconciliation(periodId))),
  );

  gatewayOptions(
    periods
      .command("close")
      .argument("<periodId>", "the period", positiveInt("periodId"))
      .description("secretariat: close the period; the report's SHA-256 is recorded on chain")
      .option("--out <file>", "write the canonical report (JSON) here"),
  ).action(async (periodId: number, o: GatewayOptions & { out?: string }) => {
    const r = await withGateway(o, (g) => g.closePeriod(periodId, `close-${periodId}`));
    if (o.out) await writeFile(o.out, await withGateway(o, (g) => g.periodReport(periodId)));
    await printReconciliation(program, o, r.report, { reportHash: r.reportHash, ...(o.out ? { report: o.out } : {}) });
  });

  gatewayOptions(
    periods
      .command("report")
      .argument("<periodId>", "the period", positiveInt("periodId"))
      .description("the closed period's report, byte for byte (its SHA-256 is on chain)")
      .requiredOption("--out <file>", "where to write it"),
  ).action(async (periodId: number, o: GatewayOptions & { out: string }) => {
    await writeFile(o.out, await withGateway(o, (g) => g.periodReport(periodId)));
    printResult(program, { periodId, out: o.out }, `wrote ${o.out}`);
  });

  const settlements = program.command("settlements").description("payments that settle a closed period");
  gatewayOptions(
    settlements
      .command("record")
      .description("payer: record a payment to another member")
      .requiredOption("--period <periodId>", "the closed period", positiveInt("--period"))
      .requiredOption("--payee <memberId>", "who was paid", positiveInt("--payee"))
      .requiredOption("--amount <minorUnits>", "amount in minor units", minorUnits("--amount"))
      .requiredOption("--reference <text>", "the bank transfer's reference"),
  ).action(async (o: GatewayOptions & { period: number; payee: number; amount: string; reference: string }) => {
    const r = await withGateway(o, (g) =>
      g.recordSettlement(
        { periodId: o.period, payeeId: o.payee, amount: o.amount, paymentReference: o.reference },
        `settle-${o.period}-${o.payee}-${o.reference}`,
      ),
    );
    printResult(
      program,
      r,
      `recorded settlement ${r.settlementId}; the payee confirms it with: alliance settlements confirm ${r.settlementId}`,
    );
  });
  gatewayOptions(
    pagingOptions(
      settlements
        .command("list")
        .description("settlement payments on chain, to follow a closed period")
        .option("--period <periodId>", "only this period", positiveInt("--period"))
        .option("--unconfirmed", "only payments the payee has not confirmed"),
    ),
  ).action(async (o: GatewayOptions & Paging & { period?: number; unconfirmed?: boolean }) => {
    const page = await withGateway(o, (g) =>
      g.listSettlements({
        periodId: o.period,
        confirmed: o.unconfirmed ? false : undefined,
        limit: o.limit,
        offset: o.offset,
      }),
    );
    await printPage(program, page, o, async (items) => {
      const lookups = createLookups(await gatewayClient(o));
      const [member, currency] = await Promise.all([
        lookups.members(),
        lookups.currencies(items.map((t) => t.periodId)),
      ]);
      return {
        columns: [
          { header: "settlement", align: "right" },
          { header: "period", align: "right" },
          { header: "payer" },
          { header: "payee" },
          { header: "amount", align: "right" },
          { header: "confirmed" },
        ],
        rows: items.map((t) => [
          t.settlementId,
          String(t.periodId),
          member(t.payerId),
          member(t.payeeId),
          formatMoney(t.amount, currency(t.periodId)),
          t.confirmed ? "yes" : "no",
        ]),
      };
    });
  });
  gatewayOptions(
    settlements
      .command("confirm")
      .argument("<settlementId>", "the settlement", positiveInt("settlementId"))
      .description("payee: confirm the payment arrived"),
  ).action(async (settlementId: number, o: GatewayOptions) => {
    const r = await withGateway(o, (g) =>
      g.confirmSettlement(String(settlementId), `confirm-settlement-${settlementId}`),
    );
    printResult(program, r, `settlement ${settlementId} confirmed`);
  });
}
