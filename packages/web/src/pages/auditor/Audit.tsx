import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, must, rawFetch, saveFile, type Schemas } from "../../api/client";
import { ErrorNote, Success } from "../../components/Notice";
import { formatCount } from "../../format";
import { localeOf } from "../../i18n";

type Discrepancy = Schemas["AuditReport"]["discrepancies"][number];

/** The auditor runs the full audit against the chain, reads the discrepancies grouped, takes the evidence. */
export function Audit() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const run = useMutation({ mutationFn: () => must(api.GET("/audit/report")) });
  const evidence = useMutation({
    mutationFn: async () => saveFile(await (await rawFetch("/audit/export")).blob(), "alliance-audit-evidence.json"),
  });
  const groups = new Map<string, Discrepancy[]>();
  for (const d of run.data?.discrepancies ?? []) groups.set(d.code, [...(groups.get(d.code) ?? []), d]);
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.lead")}</p>
      <div className="actions">
        <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
          {run.isPending ? t("audit.running") : t("audit.run")}
        </button>
        <button type="button" onClick={() => evidence.mutate()} disabled={evidence.isPending}>
          {t("audit.evidence")}
        </button>
      </div>
      <p className="hint">{t("audit.evidenceHint")}</p>
      <ErrorNote error={run.error ?? evidence.error} />
      {run.data && (
        <>
          {run.data.passed ? (
            <Success>{t("audit.passed")}</Success>
          ) : (
            <div role="alert" className="notice error">
              {t("audit.failed", { count: run.data.discrepancies.length })}
            </div>
          )}
          <h2>{t("audit.counts")}</h2>
          <dl className="facts">
            {Object.entries(run.data.counts).map(([k, v]) => (
              <div key={k}>
                <dt>{t(`audit.countNames.${k}`, { defaultValue: k })}</dt>
                <dd>{formatCount(v, locale)}</dd>
              </div>
            ))}
          </dl>
          {[...groups.entries()].map(([code, list]) => (
            <section key={code} aria-labelledby={`group-${code}`}>
              <h2 id={`group-${code}`}>
                {t(`audit.codes.${code}`, { defaultValue: code })} ({formatCount(list.length, locale)})
              </h2>
              <p className="hint">{t(`audit.explain.${code}`, { defaultValue: t("audit.explainDefault") })}</p>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("audit.recordType")}</th>
                    <th scope="col">{t("audit.recordId")}</th>
                    <th scope="col">{t("audit.message")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.slice(0, 200).map((d) => (
                    <tr key={`${d.recordType}-${d.recordId}`}>
                      <td>{d.recordType}</td>
                      <td className="mono">{d.recordId}</td>
                      <td>{d.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
