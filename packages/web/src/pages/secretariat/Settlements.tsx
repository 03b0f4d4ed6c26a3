import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, must } from "../../api/client";
import { Empty, ErrorNote, Loading } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { formatMoney } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { usePeriodCurrencies } from "./periodCurrencies";

const LIMIT = 50;

/** Settlement payments recorded by payers, and which payees confirmed them. */
export function Settlements() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  const currencyOf = usePeriodCurrencies();
  const [offset, setOffset] = useState(0);
  const settlements = useQuery({
    queryKey: ["settlements", offset],
    queryFn: () => must(api.GET("/settlements", { params: { query: { limit: LIMIT, offset } } })),
  });
  return (
    <section>
      <h1>{t("settlements.title")}</h1>
      <p className="lead">{t("settlements.lead")}</p>
      <ErrorNote error={settlements.error} />
      {settlements.isPending && <Loading />}
      {settlements.data && settlements.data.items.length === 0 && <Empty>{t("settlements.empty")}</Empty>}
      {settlements.data && settlements.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("claims.period")}</th>
              <th scope="col">{t("settlements.payer")}</th>
              <th scope="col">{t("settlements.payee")}</th>
              <th scope="col">{t("claims.amount")}</th>
              <th scope="col">{t("common.status")}</th>
            </tr>
          </thead>
          <tbody>
            {settlements.data.items.map((s) => (
              <tr key={s.settlementId}>
                <td className="num">{s.periodId}</td>
                <td>{name(s.payerId)}</td>
                <td>{name(s.payeeId)}</td>
                <td className="num">{formatMoney(s.amount, currencyOf(s.periodId), locale)}</td>
                <td>{s.confirmed ? t("settlements.confirmed") : t("settlements.recorded")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {settlements.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={settlements.data.items.length}
          total={settlements.data.total}
          totalExact={settlements.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
