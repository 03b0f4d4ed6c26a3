import type { Command } from "commander";
import { positiveInt, usage } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { isJson, printResult, printTable } from "../output.js";
import { describeShares, parseShares } from "../shares.js";
import { formatMoney } from "../units.js";

const proposed = (r: { proposalId: string; executed: boolean }, what: string) =>
  r.executed
    ? `${what}: decided (proposal ${r.proposalId})`
    : `proposal ${r.proposalId} (${what}) awaits more approvals: alliance proposals approve ${r.proposalId}`;

/**
 * `alliance charter ...`: the charter's money and membership terms, each a council decision — the
 * investment shares periods open with, and the minimum contribution index — and each period's member
 * performance against them.
 */
export function registerCharterCommands(program: Command) {
  const charter = program
    .command("charter")
    .description("the charter's investment shares and minimum contribution rule; member performance");

  gatewayOptions(charter.command("show").description("the decided shares and rule")).action(
    async (o: GatewayOptions) => {
      const terms = await withGateway(o, (g) => g.charter());
      if (isJson(program)) return console.log(JSON.stringify(terms));
      const member = await createLookups(await gatewayClient(o)).members();
      console.log(`charter's shares: ${terms.shares ? describeShares(terms.shares.shares, member) : "none decided"}`);
      const next = terms.nextPeriod;
      console.log(
        `period ${next.periodId} opens with: ${next.shares ? `${describeShares(next.shares.shares, member)} (${next.source === "period" ? "its own decision" : "the charter's"})` : "no shares decided: the council must decide them first"}`,
      );
      const rule = terms.contributionRule;
      console.log(
        rule.minContributionIndex === 0
          ? "minimum contribution index: none"
          : `minimum contribution index: ${rule.minContributionIndex}` +
              (rule.periodsBeforeSuspension
                ? `; a suspension is proposed after ${rule.periodsBeforeSuspension} consecutive low periods`
                : "; no suspension is proposed") +
              (rule.minPeriodDays ? `; periods shorter than ${rule.minPeriodDays} days are not judged` : ""),
      );
    },
  );

  gatewayOptions(
    charter
      .command("shares")
      .description("council: propose investment shares for the charter, or for one period (--period)")
      .requiredOption("--shares <pairs>", "memberId:basisPoints,... adding up to 10000 (40% is 4000)")
      .option("--period <periodId>", "only for this period; the charter's otherwise", positiveInt("--period")),
  ).action(async (o: GatewayOptions & { shares: string; period?: number }) => {
    const shares = parseShares(o.shares);
    const r = await withGateway(o, (g) => g.propose({ action: "decideShares", shares, periodId: o.period }));
    printResult(program, r, proposed(r, o.period ? `shares for period ${o.period}` : "the charter's shares"));
  });

  gatewayOptions(
    charter
      .command("rule")
      .description("council: propose the minimum contribution index and the low periods before a suspension")
      .requiredOption("--min-index <index>", "e.g. 0.6 (1.0 paid its share and hosted the average; 0 flags nobody)")
      .requiredOption("--periods <n>", "consecutive low periods before a suspension is proposed (0 never)")
      .option("--min-days <n>", "shorter periods (and those with no cost or hosting) are not judged", "0"),
  ).action(async (o: GatewayOptions & { minIndex: string; periods: string; minDays: string }) => {
    const minContributionIndex = Number(o.minIndex);
    if (!/^\d+(\.\d{1,3})?$/.test(o.minIndex) || minContributionIndex > 2)
      usage(`--min-index takes a number from 0 to 2 with at most three decimals, e.g. 0.6; "${o.minIndex}" is not one`);
    const periodsBeforeSuspension = Number(o.periods);
    if (!/^\d+$/.test(o.periods) || periodsBeforeSuspension > 255)
      usage(`--periods takes a whole number from 0 to 255; "${o.periods}" is not one`);
    if (!/^\d+$/.test(o.minDays) || Number(o.minDays) > 65_535)
      usage(`--min-days takes a whole number of days from 0 to 65535; "${o.minDays}" is not one`);
    const minPeriodDays = Number(o.minDays);
    const r = await withGateway(o, (g) =>
      g.propose({
        action: "setContributionRule",
        contributionRule: { minContributionIndex, periodsBeforeSuspension, minPeriodDays },
      }),
    );
    printResult(program, r, proposed(r, `minimum contribution index ${minContributionIndex}`));
  });

  gatewayOptions(
    charter
      .command("performance")
      .argument("<periodId>", "the period", positiveInt("periodId"))
      .description(
        "each member's performance in one period, its contribution index and whether it is below the minimum",
      ),
  ).action(async (periodId: number, o: GatewayOptions) => {
    const report = await withGateway(o, (g) => g.performance({ periodId }));
    if (isJson(program)) return console.log(JSON.stringify(report));
    const member = await createLookups(await gatewayClient(o)).members();
    const money = (v: unknown) => formatMoney(String(v), "CNY");
    await printTable(
      [
        { header: "member" },
        ...["courses", "students hosted", "credits recognised", "decisions", "uses hosted", "uses made"].map(
          (header) => ({ header, align: "right" as const }),
        ),
        { header: "contributed", align: "right" },
        { header: "expected", align: "right" },
        { header: "index", align: "right" },
        { header: "below minimum" },
      ],
      report.members.map((m) => [
        member(Number(m.memberId)),
        String(m.coursesOffered),
        String(m.studentsHosted),
        String(m.creditsRecognised),
        String(m.recognitionsDecided),
        String(m.resourceUsesHosted),
        String(m.resourceUsesUsed),
        money(m.contributed),
        money(m.expectedContribution),
        Number(m.contributionIndex).toFixed(3),
        m.belowMinimum
          ? `yes (${m.consecutiveLowPeriods || 1} in a row${m.suspensionProposalId ? `; suspension proposal ${m.suspensionProposalId}` : ""})`
          : "",
      ]),
    );
    console.log(
      `\nperiod ${periodId}${report.closed ? " (closed: below minimum as recorded on chain)" : " (open: as it stands now)"}; minimum ${report.minContributionIndex || "none"}`,
    );
  });
}
