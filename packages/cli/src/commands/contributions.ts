import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { GatewayCostEntry } from "@alliance-ledger/sdk";
import { minorUnits, positiveInt, usage } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printPage, printResult } from "../output.js";
import { type Paging, pagingOptions } from "../paging.js";
import { formatMoney } from "../units.js";

const KINDS = ["cash", "inKind", "expense", "reversal", "income"] as const;

/** `alliance contributions ...`: members claim contributions and expenses; the secretariat confirms or rejects. */
export function registerContributionCommands(program: Command) {
  const contributions = program
    .command("contributions")
    .description("cost entries: contributions in cash or in kind, expenses paid, alliance income received, reversals");

  gatewayOptions(
    contributions
      .command("claim")
      .description("member: claim an entry (it counts once the secretariat confirms it)")
      .requiredOption("--kind <kind>", KINDS.join(" | "))
      .requiredOption("--reference <ref>", "your unique reference (e.g. the voucher number)")
      .requiredOption("--period <periodId>", "the open budget period", positiveInt("--period"))
      .requiredOption("--evidence <file>", "the supporting document; its SHA-256 goes on chain")
      .option("--amount <minorUnits>", "cash, expense, income or reversal amount", minorUnits("--amount"))
      .option("--source <name>", "income: where it came from (e.g. grant, training-fees)")
      .option("--category <name>", "in kind: what was given (e.g. lab-hours)")
      .option("--quantity <n>", "in kind: how many units", minorUnits("--quantity"))
      .option("--unit-value <minorUnits>", "in kind: value of one unit", minorUnits("--unit-value"))
      .option("--reverses <entryId>", "reversal: the entry id it corrects"),
  ).action(
    async (
      o: GatewayOptions & {
        kind: string;
        reference: string;
        period: number;
        evidence: string;
        amount?: string;
        category?: string;
        quantity?: string;
        unitValue?: string;
        reverses?: string;
        source?: string;
      },
    ) => {
      const evidence = await readFile(o.evidence).catch(() => usage(`cannot read the evidence file ${o.evidence}`));
      const evidenceHash = `0x${createHash("sha256").update(evidence).digest("hex")}`;
      const base = { reference: o.reference, periodId: o.period, evidenceHash };
      const need = (value: string | undefined, flag: string) => value ?? usage(`--kind ${o.kind} needs ${flag}`);
      let entry: GatewayCostEntry;
      if (o.kind === "cash" || o.kind === "expense")
        entry = { ...base, kind: o.kind, amount: need(o.amount, "--amount") };
      else if (o.kind === "inKind")
        entry = {
          ...base,
          kind: "inKind",
          category: need(o.category, "--category"),
          quantity: need(o.quantity, "--quantity"),
          unitValue: need(o.unitValue, "--unit-value"),
        };
      else if (o.kind === "income")
        entry = { ...base, kind: "income", source: need(o.source, "--source"), amount: need(o.amount, "--amount") };
      else if (o.kind === "reversal")
        entry = {
          ...base,
          kind: "reversal",
          reverses: need(o.reverses, "--reverses"),
          amount: need(o.amount, "--amount"),
        };
      else usage(`--kind must be one of ${KINDS.join(", ")}`);
      // The reference makes the claim idempotent: running the command again never claims twice.
      const r = await withGateway(o, (g) => g.claimCostEntry(entry, `claim-${o.reference}`));
      printResult(
        program,
        r,
        `claimed ${o.reference} as entry ${r.entryId}; the secretariat confirms it with: alliance contributions confirm ${r.entryId}`,
      );
    },
  );

  gatewayOptions(
    pagingOptions(
      contributions
        .command("list")
        .description("entries on chain: the secretariat's queue with --pending")
        .option("--period <periodId>", "only this period", positiveInt("--period"))
        .option("--member <memberId>", "only this member's", positiveInt("--member"))
        .option("--pending", "only claims waiting for confirmation"),
    ),
  ).action(async (o: GatewayOptions & Paging & { period?: number; member?: number; pending?: boolean }) => {
    const page = await withGateway(o, (g) =>
      g.listCostEntries({
        periodId: o.period,
        memberId: o.member,
        status: o.pending ? "claimed" : undefined,
        limit: o.limit,
        offset: o.offset,
      }),
    );
    await printPage(program, page, o, async (items) => {
      const lookups = createLookups(await gatewayClient(o));
      const [member, currency] = await Promise.all([
        lookups.members(),
        lookups.currencies(items.map((e) => e.periodId)),
      ]);
      return {
        columns: [
          { header: "entry" },
          { header: "period", align: "right" },
          { header: "member" },
          { header: "kind" },
          { header: "amount", align: "right" },
          { header: "status" },
          { header: "reference" },
        ],
        rows: items.map((e) => [
          e.entryId,
          String(e.periodId),
          member(e.memberId),
          e.kind,
          formatMoney(e.amount, currency(e.periodId)),
          e.status,
          e.reference ?? "",
        ]),
      };
    });
  });

  gatewayOptions(
    contributions
      .command("confirm")
      .argument("<entryIds...>", "entry ids")
      .description("secretariat: confirm claimed entries"),
  ).action(async (ids: string[], o: GatewayOptions) => {
    const done = await withGateway(o, (g) => Promise.all(ids.map((id) => g.confirmCostEntry(id, `confirm-${id}`))));
    printResult(program, done, `confirmed ${done.length} entr${done.length === 1 ? "y" : "ies"}`);
  });

  gatewayOptions(
    contributions
      .command("reject")
      .argument("<entryId>", "entry id")
      .description("secretariat: reject a claimed entry")
      .requiredOption("--reason <code>", "reason code", positiveInt("--reason")),
  ).action(async (entryId: string, o: GatewayOptions & { reason: number }) => {
    const r = await withGateway(o, (g) => g.rejectCostEntry(entryId, { reasonCode: o.reason }, `reject-${entryId}`));
    printResult(program, r, `rejected ${entryId}`);
  });
}
