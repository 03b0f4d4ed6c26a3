import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, must } from "../../api/client";
import { Empty, ErrorNote, Loading } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";

const LIMIT = 50;

/** Council decisions: what was proposed about which school, approvals, and whether it took effect. */
export function Proposals() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  const [offset, setOffset] = useState(0);
  const proposals = useQuery({
    queryKey: ["proposals", offset],
    queryFn: () => must(api.GET("/proposals", { params: { query: { limit: LIMIT, offset } } })),
  });
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
              <th scope="col">{t("proposals.approvals")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("proposals.expires")}</th>
            </tr>
          </thead>
          <tbody>
            {proposals.data.items.map((p) => (
              <tr key={p.proposalId}>
                <td className="num">{p.proposalId}</td>
                <td>{t(`proposals.actions.${p.action}`, { defaultValue: p.action })}</td>
                <td>{p.memberId ? name(p.memberId) : "—"}</td>
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
