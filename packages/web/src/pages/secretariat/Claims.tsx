import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { ReasonCodeForm } from "../../components/ReasonCodeForm";
import { formatMoney, shortHash } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { usePeriodCurrencies } from "./periodCurrencies";

const LIMIT = 50;

/** The secretariat's queue: members' claimed contributions and expenses, each confirmed or rejected. */
export function Claims() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  const currencyOf = usePeriodCurrencies();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [rejecting, setRejecting] = useState<string>();
  const claims = useQuery({
    queryKey: ["claims", offset],
    queryFn: () => must(api.GET("/cost-entries", { params: { query: { status: "claimed", limit: LIMIT, offset } } })),
  });
  const done = () => {
    setRejecting(undefined);
    void queryClient.invalidateQueries({ queryKey: ["claims"] });
  };
  const confirm = useMutation({
    mutationFn: (entryId: string) =>
      must(
        api.POST("/cost-entries/{entryId}/confirm", {
          params: { path: { entryId }, header: { "Idempotency-Key": idempotencyKey() } },
        }),
      ),
    onSuccess: done,
  });
  const reject = useMutation({
    mutationFn: ({ entryId, reasonCode }: { entryId: string; reasonCode: number }) =>
      must(
        api.POST("/cost-entries/{entryId}/reject", {
          params: { path: { entryId }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { reasonCode },
        }),
      ),
    onSuccess: done,
  });
  return (
    <section>
      <h1>{t("claims.title")}</h1>
      <p className="lead">{t("claims.lead")}</p>
      <ErrorNote error={claims.error ?? confirm.error ?? reject.error} />
      {confirm.isSuccess && <Success>{t("claims.confirmed")}</Success>}
      {reject.isSuccess && <Success>{t("claims.rejected")}</Success>}
      {claims.isPending && <Loading />}
      {claims.data && claims.data.items.length === 0 && <Empty>{t("claims.empty")}</Empty>}
      {claims.data && claims.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("claims.member")}</th>
              <th scope="col">{t("claims.period")}</th>
              <th scope="col">{t("claims.kind")}</th>
              <th scope="col">{t("claims.amount")}</th>
              <th scope="col">{t("claims.reference")}</th>
              <th scope="col">{t("claims.evidence")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {claims.data.items.map((c) => (
              <tr key={c.entryId}>
                <td>{name(c.memberId)}</td>
                <td className="num">{c.periodId}</td>
                <td>{t(`claims.kinds.${c.kind}`)}</td>
                <td className="num">{formatMoney(c.amount, currencyOf(c.periodId), locale)}</td>
                <td>{c.reference ?? "—"}</td>
                <td className="mono" title={c.evidenceHash}>
                  {shortHash(c.evidenceHash)}
                </td>
                <td className="actions">
                  <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate(c.entryId)}>
                    {t("claims.confirm")}
                  </button>
                  {rejecting !== c.entryId ? (
                    <button type="button" onClick={() => setRejecting(c.entryId)}>
                      {t("claims.reject")}
                    </button>
                  ) : (
                    <ReasonCodeForm
                      label={t("claims.reasonCode")}
                      confirm={t("claims.confirmReject")}
                      busy={reject.isPending}
                      onConfirm={(reasonCode) => reject.mutate({ entryId: c.entryId, reasonCode })}
                      onCancel={() => setRejecting(undefined)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {claims.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={claims.data.items.length}
          total={claims.data.total}
          totalExact={claims.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
