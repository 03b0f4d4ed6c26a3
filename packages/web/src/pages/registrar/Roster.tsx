import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { type Answer, idempotencyKey, rawFetch, type Schemas } from "../../api/client";
import { ErrorNote, Success } from "../../components/Notice";
import { formatCount } from "../../format";
import { localeOf } from "../../i18n";

type Preview = Schemas["RosterPreview"];

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The file's bytes as they are: the gateway decodes GBK, GB18030, UTF-16 and UTF-8 itself. */
const contentTypeOf = (file: File) => (/\.xlsx$/i.test(file.name) ? XLSX : "text/csv");

/**
 * A term's roster: choose a CSV or XLSX file, see every row and every bad cell (the gateway's own rules,
 * nothing stored), then submit it in one request.
 */
export function Roster() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const [file, setFile] = useState<File>();
  const preview = useMutation({
    mutationFn: async (f: File) =>
      (await (
        await rawFetch("/attestations/preview", {
          method: "POST",
          headers: { "content-type": contentTypeOf(f) },
          body: f,
        })
      ).json()) as Preview,
  });
  const submit = useMutation({
    mutationFn: async (f: File) =>
      (await (
        await rawFetch("/attestations", {
          method: "POST",
          headers: { "content-type": contentTypeOf(f), "idempotency-key": idempotencyKey() },
          body: f,
        })
      ).json()) as Answer<"/attestations", "post", 202>,
  });
  // Each problem in the reader's language by its code (the gateway's English words when we have none).
  type Problem = NonNullable<typeof preview.data>["problems"][number];
  const explain = (p: Problem) => {
    const row = preview.data?.rows.find((r) => r.line === p.line);
    const value = row && p.column !== null ? row.cells[p.column] : undefined;
    if (p.code === "invalid_value" && p.column !== null)
      return t(`rosterProblem.cell.${p.column}`, { value, defaultValue: p.message });
    return t(`rosterProblem.${p.code}`, { value, defaultValue: p.message });
  };
  const problemsAt = new Map<string, string[]>();
  for (const p of preview.data?.problems ?? []) {
    const key = `${p.line}:${p.column}`;
    problemsAt.set(key, [...(problemsAt.get(key) ?? []), explain(p)]);
  }
  return (
    <section>
      <h1>{t("roster.title")}</h1>
      <p className="lead">{t("roster.lead")}</p>
      <p className="hint">{t("roster.columns")}</p>
      <label htmlFor="roster-file">{t("roster.choose")}</label>
      <input
        id="roster-file"
        type="file"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => {
          const f = e.target.files?.[0];
          setFile(f);
          submit.reset();
          if (f) preview.mutate(f);
        }}
      />
      {preview.isPending && <p aria-live="polite">{t("roster.checking")}</p>}
      <ErrorNote error={preview.error} />
      {preview.data && !submit.data && (
        <>
          <h2>{t("roster.preview", { count: preview.data.count, name: file?.name })}</h2>
          {preview.data.problems.length === 0 ? (
            <Success>
              {t("roster.allGood", { count: preview.data.count, n: formatCount(preview.data.count, locale) })}
            </Success>
          ) : (
            <div role="alert" className="notice error">
              <p>{t("roster.problems", { count: preview.data.problems.length })}</p>
              <ul className="problems">
                {preview.data.problems.slice(0, 200).map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
                  <li key={i}>
                    {p.line !== null ? t("roster.at", { line: p.line, column: p.column ?? "—" }) : ""}
                    {explain(p)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="table-scroll">
            <table className="preview">
              <caption className="sr-only">{t("roster.previewCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("roster.line")}</th>
                  {preview.data.columns.map((c) => (
                    <th scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.data.rows.slice(0, 500).map((r) => (
                  <tr key={r.line}>
                    <th scope="row">{r.line}</th>
                    {preview.data.columns.map((c) => {
                      const problems = problemsAt.get(`${r.line}:${c}`) ?? problemsAt.get(`${r.line}:null`);
                      return (
                        <td key={c} className={problems ? "bad-cell" : undefined} title={problems?.join("\n")}>
                          {r.cells[c]}
                          {problems && <span className="sr-only"> ({problems.join("; ")})</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.data.rows.length > 500 && <p className="muted">{t("roster.firstRows", { n: 500 })}</p>}
          <button
            type="button"
            disabled={!preview.data.ok || submit.isPending}
            onClick={() => file && submit.mutate(file)}
          >
            {t("roster.submit", { count: preview.data.count })}
          </button>
        </>
      )}
      <ErrorNote error={submit.error} />
      {submit.data && (
        <Success>
          <p>{t("roster.accepted", { count: submit.data.accepted })}</p>
          <p>
            <Link href="/console/batches">{t("roster.followBatches")}</Link>
          </p>
        </Success>
      )}
    </section>
  );
}
