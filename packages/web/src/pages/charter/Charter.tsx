import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { api, idempotencyKey, must, type Schemas } from "../../api/client";
import { ErrorNote, Loading, Success } from "../../components/Notice";
import { SharesTable } from "../../components/SharesTable";
import { bpsToPercent, formatIndex, formatShare, percentToBps } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { useSession } from "../../session";
import { useCharterTerms } from "./useCharterTerms";

type Proposed = Schemas["Proposed"];

/**
 * The charter's money and membership terms, each a council decision on chain: the investment shares,
 * the shares the next period will open with, and the minimum contribution rule. A councillor proposes
 * new ones here (its own approval counts; the decision executes at the quorum).
 */
export function Charter() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { caller } = useSession();
  const terms = useCharterTerms();
  const canPropose = caller?.role === "member" || caller?.role === "secretariat";
  const d = terms.data;
  const rule = d?.contributionRule;
  return (
    <section>
      <h1>{t("charter.title")}</h1>
      <p className="lead">{t("charter.lead")}</p>
      <ErrorNote error={terms.error} />
      {terms.isPending && <Loading />}
      {d && (
        <>
          <section aria-labelledby="charter-shares-title">
            <h2 id="charter-shares-title">{t("charter.sharesTitle")}</h2>
            {d.shares ? (
              <>
                <p>{t("charter.decidedBy", { id: d.shares.proposalId })}</p>
                <SharesTable shares={d.shares.shares} caption={t("charter.sharesTitle")} testId="charter-shares" />
              </>
            ) : (
              <p className="notice info">{t("charter.sharesNone")}</p>
            )}
          </section>
          <section aria-labelledby="next-shares-title">
            <h2 id="next-shares-title">{t("charter.nextTitle", { id: d.nextPeriod.periodId })}</h2>
            {d.nextPeriod.source === "charter" && <p>{t("charter.nextCharter", { id: d.nextPeriod.periodId })}</p>}
            {d.nextPeriod.source === "period" && d.nextPeriod.shares && (
              <>
                <p>{t("charter.nextOwn", { id: d.nextPeriod.periodId, proposal: d.nextPeriod.shares.proposalId })}</p>
                <SharesTable
                  shares={d.nextPeriod.shares.shares}
                  caption={t("charter.nextTitle", { id: d.nextPeriod.periodId })}
                />
              </>
            )}
            {d.nextPeriod.source === "none" && (
              <p className="notice info">{t("charter.nextNone", { id: d.nextPeriod.periodId })}</p>
            )}
          </section>
          <section aria-labelledby="rule-title">
            <h2 id="rule-title">{t("charter.ruleTitle")}</h2>
            {rule && rule.proposalId !== null ? (
              <>
                <dl className="terms">
                  <div>
                    <dt>{t("charter.minIndex")}</dt>
                    <dd data-testid="min-index">
                      {rule.minContributionIndex === 0
                        ? t("charter.zeroMin")
                        : formatIndex(rule.minContributionIndex, locale)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("charter.periodsBefore")}</dt>
                    <dd>
                      {rule.periodsBeforeSuspension === 0 ? t("charter.neverSuspend") : rule.periodsBeforeSuspension}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("charter.minDays")}</dt>
                    <dd>
                      {rule.minPeriodDays
                        ? t("charter.minDaysValue", { count: rule.minPeriodDays })
                        : t("charter.anyLength")}
                    </dd>
                  </div>
                </dl>
                <p>{t("charter.decidedBy", { id: rule.proposalId })}</p>
              </>
            ) : (
              <p className="notice info">{t("charter.ruleNone")}</p>
            )}
            <p className="hint">{t("charter.indexHint")}</p>
          </section>
          {canPropose && (
            <>
              <ProposeShares
                nextPeriodId={d.nextPeriod.periodId}
                current={d.shares?.shares ?? d.nextPeriod.shares?.shares ?? []}
              />
              <ProposeRule
                minContributionIndex={rule?.minContributionIndex ?? 0}
                periodsBeforeSuspension={rule?.periodsBeforeSuspension ?? 0}
                minPeriodDays={rule?.minPeriodDays ?? 0}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** What became of a proposal: executed at once (a council of one), or waiting for other councillors. */
function ProposedNote({ proposed }: { proposed: Proposed }) {
  const { t } = useTranslation();
  return (
    <Success>
      {t(proposed.executed ? "charter.executed" : "charter.awaiting", { id: proposed.proposalId })}{" "}
      <Link href={`/console/proposals?proposal=${proposed.proposalId}`}>{t("charter.seeProposal")}</Link>
    </Success>
  );
}

function useProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ProposeDecision"]) =>
      must(api.POST("/proposals", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["charter"] });
      void queryClient.invalidateQueries({ queryKey: ["proposals"] });
    },
  });
}

function ProposeShares({
  nextPeriodId,
  current,
}: {
  nextPeriodId: number;
  current: Array<{ memberId: number; shareBps: number }>;
}) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { members } = useMemberNames();
  const active = members.filter((m) => m.status === "active");
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [period, setPeriod] = useState("");
  const propose = useProposal();
  const decided = new Map(current.map((s) => [s.memberId, s.shareBps]));
  const typedOf = (memberId: number) => {
    const bps = decided.get(memberId);
    return typed[memberId] ?? (bps === undefined ? "" : bpsToPercent(bps));
  };
  const bpsOf = (memberId: number) => percentToBps(typedOf(memberId) || "0");
  const total = active.reduce((s, m) => s + (bpsOf(m.memberId) ?? 0), 0);
  const bad = active.filter((m) => bpsOf(m.memberId) === undefined);
  const periodId = period.trim() === "" ? 0 : Number(period);
  const badPeriod = periodId !== 0 && !(Number.isInteger(periodId) && periodId >= nextPeriodId);
  return (
    <form
      className="stacked"
      aria-labelledby="propose-shares-title"
      onSubmit={(e) => {
        e.preventDefault();
        propose.mutate({
          action: "decideShares",
          shares: active.map((m) => ({ memberId: m.memberId, shareBps: bpsOf(m.memberId) ?? 0 })),
          ...(periodId ? { periodId } : {}),
        });
      }}
    >
      <h2 id="propose-shares-title">{t("charter.proposeSharesTitle")}</h2>
      <p className="hint">{t("charter.proposeSharesLead")}</p>
      <fieldset>
        <legend>{t("charter.sharesLegend")}</legend>
        {active.map((m) => {
          const invalid = bpsOf(m.memberId) === undefined;
          return (
            <label key={m.memberId}>
              {t("charter.sharePercent", { name: m.name })}
              <input
                inputMode="decimal"
                value={typedOf(m.memberId)}
                aria-invalid={invalid || undefined}
                onChange={(e) => setTyped({ ...typed, [m.memberId]: e.target.value })}
              />
            </label>
          );
        })}
        {bad.map((m) => (
          <p key={m.memberId} className="error-text">
            {t("charter.badPercent", { name: m.name, value: typedOf(m.memberId) })}
          </p>
        ))}
        <p className={total === 10_000 ? "muted" : "error-text"} aria-live="polite">
          {t("charter.sharesTotal", { total: formatShare(total, locale) })}
        </p>
      </fieldset>
      <label>
        {t("charter.onlyPeriod")}
        <input
          inputMode="numeric"
          value={period}
          aria-invalid={badPeriod || undefined}
          aria-describedby="only-period-hint"
          onChange={(e) => setPeriod(e.target.value)}
        />
      </label>
      <p id="only-period-hint" className="hint">
        {t("charter.onlyPeriodHint", { next: nextPeriodId })}
      </p>
      {badPeriod && <p className="error-text">{t("charter.badPeriod", { next: nextPeriodId })}</p>}
      <button
        type="submit"
        disabled={active.length === 0 || total !== 10_000 || bad.length > 0 || badPeriod || propose.isPending}
      >
        {t("charter.proposeShares")}
      </button>
      <ErrorNote error={propose.error} />
      {propose.data && <ProposedNote proposed={propose.data} />}
    </form>
  );
}

const MIN_INDEX = /^(?:[01](?:\.\d{1,3})?|2(?:\.0{1,3})?)$/;

function ProposeRule(current: {
  minContributionIndex: number;
  periodsBeforeSuspension: number;
  minPeriodDays: number;
}) {
  const { t } = useTranslation();
  const [minIndex, setMinIndex] = useState(String(current.minContributionIndex));
  const [periods, setPeriods] = useState(String(current.periodsBeforeSuspension));
  const [days, setDays] = useState(String(current.minPeriodDays));
  const badDays = !/^\d{1,5}$/.test(days.trim()) || Number(days) > 65_535;
  const propose = useProposal();
  const badMin = !MIN_INDEX.test(minIndex.trim());
  const badPeriods = !/^\d{1,3}$/.test(periods.trim()) || Number(periods) > 255;
  return (
    <form
      className="stacked"
      aria-labelledby="propose-rule-title"
      onSubmit={(e) => {
        e.preventDefault();
        propose.mutate({
          action: "setContributionRule",
          contributionRule: {
            minContributionIndex: Number(minIndex.trim()),
            periodsBeforeSuspension: Number(periods.trim()),
            minPeriodDays: Number(days.trim()),
          },
        });
      }}
    >
      <h2 id="propose-rule-title">{t("charter.proposeRuleTitle")}</h2>
      <label>
        {t("charter.minIndexInput")}
        <input
          inputMode="decimal"
          value={minIndex}
          aria-invalid={badMin || undefined}
          onChange={(e) => setMinIndex(e.target.value)}
        />
      </label>
      {badMin && <p className="error-text">{t("charter.badMinIndex")}</p>}
      <label>
        {t("charter.periodsInput")}
        <input
          inputMode="numeric"
          value={periods}
          aria-invalid={badPeriods || undefined}
          onChange={(e) => setPeriods(e.target.value)}
        />
      </label>
      {badPeriods && <p className="error-text">{t("charter.badPeriods")}</p>}
      <label>
        {t("charter.minDaysInput")}
        <input
          inputMode="numeric"
          value={days}
          aria-invalid={badDays || undefined}
          onChange={(e) => setDays(e.target.value)}
        />
      </label>
      {badDays && <p className="error-text">{t("charter.badMinDays")}</p>}
      <button type="submit" disabled={badMin || badPeriods || badDays || propose.isPending}>
        {t("charter.proposeRule")}
      </button>
      <ErrorNote error={propose.error} />
      {propose.data && <ProposedNote proposed={propose.data} />}
    </form>
  );
}
