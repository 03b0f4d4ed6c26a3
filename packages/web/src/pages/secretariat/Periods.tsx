import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { api, idempotencyKey, must, rawFetch, saveFile } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { PeriodPicker, useChosenPeriod } from "../../components/PeriodPicker";
import { SharesTable } from "../../components/SharesTable";
import { formatMoney, formatShare, shortHash } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { useSession } from "../../session";
import { useCharterTerms } from "../charter/useCharterTerms";

/** Budget periods: each one's reconciliation from the chain, closing it, its report; opening the next. */
export function Periods() {
  const { t } = useTranslation();
  const { caller } = useSession();
  const chosen = useChosenPeriod();
  const { periods, items, current, setChosen } = chosen;
  const [opened, setOpened] = useState<number>();
  return (
    <section>
      <h1>{t("periods.title")}</h1>
      <PeriodPicker chosen={chosen} />
      {opened !== undefined && <Success>{t("periods.opened", { id: opened })}</Success>}
      {current !== undefined && (
        // Keyed by period: a close's answer belongs to the period it closed, not to the next one shown.
        <PeriodDetail
          key={current}
          periodId={current}
          closed={items.find((p) => p.periodId === current)?.closed ?? false}
        />
      )}
      {caller?.role === "secretariat" && items.every((p) => p.closed) && periods.data && (
        <OpenPeriod
          onOpened={(id) => {
            setOpened(id);
            setChosen(id);
          }}
        />
      )}
    </section>
  );
}

function PeriodDetail({ periodId, closed }: { periodId: number; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { caller } = useSession();
  const { name } = useMemberNames();
  const queryClient = useQueryClient();
  const reconciliation = useQuery({
    queryKey: ["reconciliation", periodId],
    queryFn: () => must(api.GET("/periods/{periodId}/reconciliation", { params: { path: { periodId } } })),
  });
  const close = useMutation({
    mutationFn: () =>
      must(
        api.POST("/periods/{periodId}/close", {
          params: { path: { periodId }, header: { "Idempotency-Key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => {
      for (const queryKey of [["periods"], ["charter"], ["performance"]])
        void queryClient.invalidateQueries({ queryKey });
    },
  });
  const report = useMutation({
    mutationFn: async () => {
      const response = await rawFetch(`/periods/${periodId}/report`);
      saveFile(await response.blob(), `period-${periodId}-report.json`);
    },
  });
  const r = reconciliation.data;
  const money = (minor: string | bigint) => (r ? formatMoney(minor, r.currency, locale) : String(minor));
  // What the shares split: the cost less the alliance's income (shown when there was income).
  const pool = r && BigInt(r.totalIncome) !== 0n ? BigInt(r.totalCost) - BigInt(r.totalIncome) : undefined;
  const sum = (pick: (m: NonNullable<typeof r>["members"][number]) => string) =>
    (r?.members ?? []).reduce((s, m) => s + BigInt(pick(m)), 0n).toString();
  return (
    <section aria-labelledby="reconciliation-title">
      <h2 id="reconciliation-title">{t("periods.reconciliation", { id: periodId })}</h2>
      <ErrorNote error={reconciliation.error ?? close.error ?? report.error} />
      {reconciliation.isPending && <Loading />}
      {r && (
        <>
          <p>{t("periods.totalCost", { amount: money(r.totalCost) })}</p>
          {pool !== undefined && (
            <p data-testid="total-income">
              {pool >= 0n
                ? t("periods.totalIncome", { amount: money(r.totalIncome), pool: money(pool) })
                : t("periods.totalIncomeSurplus", { amount: money(r.totalIncome), surplus: money(-pool) })}
            </p>
          )}
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("periods.member")}</th>
                  <th scope="col">{t("periods.share")}</th>
                  <th scope="col">{t("periods.contributed")}</th>
                  <th scope="col">{t("periods.expensesPaid")}</th>
                  <th scope="col">{t("periods.feesReceivable")}</th>
                  <th scope="col">{t("periods.feesPayable")}</th>
                  <th scope="col">{t("periods.income")}</th>
                  <th scope="col">{t("periods.allocated")}</th>
                  <th scope="col">{t("periods.net")}</th>
                </tr>
              </thead>
              <tbody>
                {r.members.map((m) => (
                  <tr key={m.memberId}>
                    <td>{name(m.memberId)}</td>
                    <td className="num">{formatShare(m.shareBps, locale)}</td>
                    <td className="num">{money(m.contributed)}</td>
                    <td className="num">{money(m.expensesPaid)}</td>
                    <td className="num">{money(m.feesReceivable)}</td>
                    <td className="num">{money(m.feesPayable)}</td>
                    <td className="num">{money(m.incomeReceived)}</td>
                    <td className="num">{money(m.allocatedCost)}</td>
                    <td className={`num ${m.net.startsWith("-") ? "negative" : ""}`}>{money(m.net)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("periods.total")}</th>
                  <td />
                  <td className="num">{money(sum((m) => m.contributed))}</td>
                  <td className="num">{money(sum((m) => m.expensesPaid))}</td>
                  <td className="num">{money(sum((m) => m.feesReceivable))}</td>
                  <td className="num">{money(sum((m) => m.feesPayable))}</td>
                  <td className="num">{money(sum((m) => m.incomeReceived))}</td>
                  <td className="num">{money(sum((m) => m.allocatedCost))}</td>
                  <td className="num" data-testid="net-total">
                    {money(sum((m) => m.net))}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="hint">{t("periods.netHint")}</p>
          <h3>{t("periods.plan")}</h3>
          {r.settlements.length === 0 ? (
            <Empty>{t("periods.noPayments")}</Empty>
          ) : (
            <ul>
              {r.settlements.map((s) => (
                <li key={`${s.payerId}-${s.payeeId}`}>
                  {t("periods.payment", { payer: name(s.payerId), payee: name(s.payeeId), amount: money(s.amount) })}
                </li>
              ))}
            </ul>
          )}
          {closed ? (
            <button type="button" onClick={() => report.mutate()} disabled={report.isPending}>
              {t("periods.downloadReport")}
            </button>
          ) : (
            caller?.role === "secretariat" && (
              <button type="button" onClick={() => close.mutate()} disabled={close.isPending}>
                {t("periods.close", { id: periodId })}
              </button>
            )
          )}
          {close.data && (
            <Success>
              {t("periods.closedNow", { id: periodId })}{" "}
              <span className="mono" title={close.data.reportHash}>
                {shortHash(close.data.reportHash)}
              </span>
            </Success>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Opening the next period: it opens with the shares the council decided (this period's own, else the
 * charter's), shown here; the secretariat chooses only the currency.
 */
function OpenPeriod({ onOpened }: { onOpened: (periodId: number) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const charter = useCharterTerms();
  const [currency, setCurrency] = useState("CNY");
  const next = charter.data?.nextPeriod;
  const open = useMutation({
    mutationFn: () =>
      must(
        api.POST("/periods", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { currency },
        }),
      ),
    onSuccess: (answer) => {
      onOpened(answer.periodId);
      for (const queryKey of [["periods"], ["charter"], ["performance"]])
        void queryClient.invalidateQueries({ queryKey });
    },
  });
  return (
    <form
      className="stacked"
      aria-labelledby="open-period-title"
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate();
      }}
    >
      <h2 id="open-period-title">{t("periods.openTitle")}</h2>
      <ErrorNote error={charter.error} />
      {charter.isPending && <Loading />}
      {next?.shares && next.source !== "none" && (
        <>
          <p>
            {t(next.source === "period" ? "periods.sourcePeriod" : "periods.sourceCharter", {
              id: next.periodId,
              proposal: next.shares.proposalId,
            })}
          </p>
          <SharesTable
            shares={next.shares.shares}
            caption={t("periods.nextShares", { id: next.periodId })}
            testId="next-period-shares"
          />
          <p className="hint">
            {t("periods.sharesFixed")} <Link href="/console/charter">{t("periods.seeCharter")}</Link>
          </p>
        </>
      )}
      {next?.source === "none" && (
        <div className="notice info" data-testid="shares-not-decided">
          <p>{t("periods.sourceNone", { id: next.periodId })}</p>
          <p>
            <Link href="/console/charter">{t("periods.goCharter")}</Link>
          </p>
        </div>
      )}
      <label>
        {t("periods.currency")}
        <input
          required
          pattern="[A-Z]{3}"
          value={currency}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
        />
      </label>
      <button type="submit" disabled={!next?.shares || next.source === "none" || open.isPending}>
        {t("periods.open")}
      </button>
      <ErrorNote error={open.error} />
    </form>
  );
}
