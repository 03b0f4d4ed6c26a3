import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearch } from "wouter";
import { api, must, type Schemas } from "../../api/client";
import { Empty, ErrorNote, Loading } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { useSharesText } from "../../components/SharesTable";
import { formatIndex } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";

const LIMIT = 50;

/**
 * Council decisions: what was proposed about which school, approvals, and whether it took effect.
 * `?proposal=N` opens the page that lists proposal N (ids count up from 1, oldest first) and marks it.
 */
export function Proposals() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  const sharesText = useSharesText();
  const wanted = Number(new URLSearchParams(useSearch()).get("proposal")) || undefined;
  const [offset, setOffset] = useState(wanted ? Math.floor((wanted - 1) / LIMIT) * LIMIT : 0);
  const proposals = useQuery({
    queryKey: ["proposals", offset],
    queryFn: () => must(api.GET("/proposals", { params: { query: { limit: LIMIT, offset } } })),
  });
  const loaded = proposals.data !== undefined;
  useEffect(() => {
    if (loaded && wanted) document.getElementById(`proposal-${wanted}`)?.scrollIntoView({ block: "center" });
  }, [loaded, wanted]);
  const details = (p: Schemas["Proposal"]) => {
    if (p.shares)
      return p.shares.periodId === 0
        ? t("proposals.charterShares", { shares: sharesText(p.shares.shares) })
        : t("proposals.periodShares", { period: p.shares.periodId, shares: sharesText(p.shares.shares) });
    if (p.contributionRule) {
      const min = formatIndex(p.contributionRule.minContributionIndex, locale);
      return p.contributionRule.periodsBeforeSuspension === 0
        ? t("proposals.ruleNever", { min })
        : t("proposals.rule", { min, count: p.contributionRule.periodsBeforeSuspension });
    }
    if (p.lowContributionPeriodId !== undefined)
      return <em>{t("proposals.lowContribution", { period: p.lowContributionPeriodId })}</em>;
    return "—";
  };
  return (
    <section>
      <h1>{t("proposals.title")}</h1>
      <p className="lead">{t("proposals.lead")}</p>
      <ErrorNote error={proposals.error} />
      {proposals.isPending && <Loading />}
      {proposals.data && proposals.data.items.length === 0 && <Empty>{t("proposals.empty")}</Empty>}
      {proposals.data && proposals.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("proposals.action")}</th>
              <th scope="col">{t("proposals.member")}</th>
              <th scope="col">{t("proposals.details")}</th>
              <th scope="col">{t("proposals.approvals")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("proposals.expires")}</th>
            </tr>
          </thead>
          <tbody>
            {proposals.data.items.map((p) => (
              <tr
                key={p.proposalId}
                id={`proposal-${p.proposalId}`}
                className={p.proposalId === wanted ? "highlight" : undefined}
                aria-current={p.proposalId === wanted ? "true" : undefined}
              >
                <td className="num">{p.proposalId}</td>
                <td>{t(`proposals.actions.${p.action}`, { defaultValue: p.action })}</td>
                <td>{p.memberId ? name(p.memberId) : "—"}</td>
                <td>{details(p)}</td>
                <td className="num">{p.approvalsInOffice}</td>
                <td>{p.executed ? t("proposals.executed") : t("proposals.open")}</td>
                <td>
                  {new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
                    new Date(p.expiresAt),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {proposals.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={proposals.data.items.length}
          total={proposals.data.total}
          totalExact={proposals.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
