import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { api, must, type Schemas } from "../../api/client";
import { Empty, ErrorNote, Loading } from "../../components/Notice";
import { PeriodPicker, useChosenPeriod } from "../../components/PeriodPicker";
import { formatCount, formatCredits, formatIndex, formatMoney } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";

type MemberPerformance = Schemas["Performance"]["members"][number];

/**
 * Member performance in one budget period: what each school did in it, its contribution index as the
 * contract computes it, and whether it fell below the charter's minimum (recorded on chain at close;
 * for the open period, as it stands now).
 */
export function Performance() {
  const { t } = useTranslation();
  const chosen = useChosenPeriod();
  const { current } = chosen;
  const currency = chosen.period?.currency ?? "CNY";
  return (
    <section>
      <h1>{t("performance.title")}</h1>
      <p className="lead">{t("performance.lead")}</p>
      <PeriodPicker chosen={chosen} />
      {current !== undefined && <PeriodPerformance key={current} periodId={current} currency={currency} />}
    </section>
  );
}

function PeriodPerformance({ periodId, currency }: { periodId: number; currency: string }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const performance = useQuery({
    queryKey: ["performance", periodId],
    queryFn: () => must(api.GET("/performance", { params: { query: { periodId } } })),
  });
  const p = performance.data;
  if (!p)
    return (
      <>
        <ErrorNote error={performance.error} />
        {performance.isPending && <Loading />}
      </>
    );
  const members = p.members;
  const money = (minor: string) => formatMoney(minor, currency, locale);
  const count = (n: number) => formatCount(n, locale);
  const min = formatIndex(p.minContributionIndex, locale);
  const hasRule = p.minContributionIndex > 0;
  const standing = (m: MemberPerformance) => {
    if (!hasRule) return <span className="muted">{t("performance.noRule")}</span>;
    if (!m.belowMinimum) return t("performance.meets");
    return (
      <>
        <span className="flag-low">
          <span aria-hidden="true">▼ </span>
          {t(p.closed ? "performance.below" : "performance.belowNow")}
        </span>
        {p.closed && m.consecutiveLowPeriods > 0 && (
          <>
            <br />
            {t("performance.consecutive", { count: m.consecutiveLowPeriods })}
          </>
        )}
        {m.suspensionProposalId !== undefined && (
          <>
            <br />
            <Link href={`/console/proposals?proposal=${m.suspensionProposalId}`}>
              {t("performance.suspension", { id: m.suspensionProposalId })}
            </Link>
          </>
        )}
      </>
    );
  };
  return (
    <section aria-labelledby="performance-period">
      <h2 id="performance-period">{t("performance.periodTitle", { id: periodId })}</h2>
      <p className="notice info" data-testid="performance-basis">
        {t(p.closed ? "performance.closed" : "performance.open", { id: periodId })}
      </p>
      <p>
        {!hasRule
          ? t("performance.ruleNone")
          : p.periodsBeforeSuspension === 0
            ? t("performance.ruleNever", { min })
            : t("performance.rule", { min, count: p.periodsBeforeSuspension })}{" "}
        <Link href="/console/charter">{t("performance.seeCharter")}</Link>
      </p>
      {members.length === 0 ? (
        <Empty>{t("performance.empty")}</Empty>
      ) : (
        <>
          <MemberTable
            title={t("performance.indexTitle")}
            members={members}
            rowClass={(m) => (m.belowMinimum ? "low" : undefined)}
            columns={[
              [t("performance.contributed"), (m) => money(m.contributed)],
              [t("performance.expected"), (m) => money(m.expectedContribution)],
              [t("performance.feesReceivable"), (m) => money(m.feesReceivable)],
              [t("performance.index"), (m) => formatIndex(m.contributionIndex, locale), "contribution-index"],
              [t("performance.standing"), standing, undefined, "text"],
            ]}
          />
          <p className="hint">{t("charter.indexHint")}</p>
          <MemberTable
            title={t("performance.teachingTitle")}
            members={members}
            columns={[
              [t("performance.courses"), (m) => count(m.coursesOffered)],
              [t("performance.seats"), (m) => count(m.seatsOffered)],
              [t("performance.studentsHosted"), (m) => count(m.studentsHosted)],
              [t("performance.credits"), (m) => formatCredits(m.creditsRecognised, locale)],
              [t("performance.decisions"), (m) => count(m.recognitionsDecided)],
            ]}
          />
          <MemberTable
            title={t("performance.resourcesTitle")}
            members={members}
            columns={[
              [t("performance.usesHosted"), (m) => count(m.resourceUsesHosted)],
              [t("performance.usesUsed"), (m) => count(m.resourceUsesUsed)],
              [t("performance.feesPayable"), (m) => money(m.feesPayable)],
              [t("performance.income"), (m) => money(m.incomeReceived)],
            ]}
          />
        </>
      )}
    </section>
  );
}

/** A column: its header, each member's cell, a test id for the cells, and whether it holds text (else a number). */
type Column = [header: string, cell: (m: MemberPerformance) => ReactNode, testId?: string, kind?: "text"];

/** One table of the period's members, a school per row (its name the row's header). */
function MemberTable({
  title,
  members,
  columns,
  rowClass,
}: {
  title: string;
  members: MemberPerformance[];
  columns: Column[];
  rowClass?: (m: MemberPerformance) => string | undefined;
}) {
  const { t } = useTranslation();
  const { name } = useMemberNames();
  return (
    <>
      <h3>{title}</h3>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("performance.member")}</th>
              {columns.map(([header, , , kind]) => (
                <th key={header} scope="col" className={kind === "text" ? undefined : "num"}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.memberId} className={rowClass?.(m)}>
                <th scope="row">{name(m.memberId)}</th>
                {columns.map(([header, cell, testId, kind]) => (
                  <td key={header} className={kind === "text" ? undefined : "num"} data-testid={testId}>
                    {cell(m)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
