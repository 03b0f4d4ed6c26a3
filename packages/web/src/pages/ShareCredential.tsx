import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, must } from "../api/client";
import { ErrorNote } from "../components/Notice";
import { formatInstant } from "../format";
import { localeOf } from "../i18n";

type Hideable = "learner" | "grade" | "completionDate";
const DAYS = [7, 30, 90, 365] as const;

/** The credential without the openings its holder hides: they are not even sent to be shared. */
function withoutOpenings(credential: Record<string, unknown>, hide: Hideable[]) {
  const disclosures = { ...(credential.disclosures as Record<string, unknown>) };
  for (const f of hide) delete disclosures[f];
  return { ...credential, disclosures };
}

/**
 * After a valid credential file: its holder makes a link and QR code that open it on the verifier page
 * until the chosen expiry, with the grade or completion date hidden if they wish.
 */
export function ShareCredential({ credential }: { credential: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const id = useId();
  // The student number is hidden unless the holder shows it: whoever gets the link need not learn it.
  const [hide, setHide] = useState<Hideable[]>(["learner"]);
  const [days, setDays] = useState<number>(30);
  const [copied, setCopied] = useState(false);
  const linkInput = useRef<HTMLInputElement>(null);
  const share = useMutation({
    mutationFn: () =>
      must(
        api.POST("/shares", {
          body: { credential: withoutOpenings(credential, hide) as never, hide, expiresInDays: days },
        }),
      ),
    onSuccess: () => {
      setCopied(false);
      withdraw.reset();
    },
  });
  const withdraw = useMutation({
    mutationFn: (created: { token: string; withdrawKey: string }) =>
      must(
        api.POST("/shares/{token}/withdraw", {
          params: { path: { token: created.token } },
          body: { withdrawKey: created.withdrawKey },
        }),
      ),
  });
  const link = share.data?.link;
  const toggle = (field: Hideable, on: boolean) =>
    setHide((h) => (on ? [...h.filter((f) => f !== field), field] : h.filter((f) => f !== field)));

  const copy = async () => {
    if (!link) return;
    // The Clipboard API exists on secure origins only; a campus intranet over plain HTTP selects and copies.
    if (navigator.clipboard) await navigator.clipboard.writeText(link);
    else {
      linkInput.current?.select();
      document.execCommand("copy");
    }
    setCopied(true);
  };

  return (
    <section className="share" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("share.title")}</h2>
      <p className="hint">{t("share.lead")}</p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          share.mutate();
        }}
      >
        <label className="check-label">
          <input
            type="checkbox"
            checked={hide.includes("learner")}
            onChange={(e) => toggle("learner", e.target.checked)}
          />
          {t("share.hideLearner")}
        </label>
        <label className="check-label">
          <input type="checkbox" checked={hide.includes("grade")} onChange={(e) => toggle("grade", e.target.checked)} />
          {t("share.hideGrade")}
        </label>
        <label className="check-label">
          <input
            type="checkbox"
            checked={hide.includes("completionDate")}
            onChange={(e) => toggle("completionDate", e.target.checked)}
          />
          {t("share.hideCompletionDate")}
        </label>
        <label>
          {t("share.expiry")}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {t("share.days", { count: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={share.isPending}>
          {share.isPending ? t("share.creating") : t("share.create")}
        </button>
      </form>
      <ErrorNote error={share.error} />
      <ErrorNote error={withdraw.error} />
      {withdraw.isSuccess && (
        <p role="status" className="notice info" data-testid="share-withdrawn">
          {t("share.withdrawn")}
        </p>
      )}
      {share.data && link && !withdraw.isSuccess && (
        <div className="share-result">
          <div>
            <label htmlFor={`${id}-link`}>{t("share.link")}</label>
            <div className="copy-row">
              <input
                id={`${id}-link`}
                ref={linkInput}
                className="mono"
                readOnly
                value={link}
                onFocus={(e) => e.target.select()}
                data-testid="share-link"
              />
              <button type="button" onClick={() => void copy()}>
                {t("share.copy")}
              </button>
              <span aria-live="polite" className="muted">
                {copied ? t("share.copied") : ""}
              </span>
            </div>
            <p className="muted">{t("share.validUntil", { date: formatInstant(share.data.expiresAt, locale) })}</p>
            <label htmlFor={`${id}-withdraw-key`}>{t("share.withdrawKey")}</label>
            <input
              id={`${id}-withdraw-key`}
              className="mono"
              readOnly
              value={share.data.withdrawKey}
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              disabled={withdraw.isPending}
              onClick={() => share.data && withdraw.mutate(share.data)}
            >
              {withdraw.isPending ? t("share.withdrawing") : t("share.withdraw")}
            </button>
          </div>
          <img
            className="qr"
            src={`/shares/${encodeURIComponent(share.data.token)}/qr.svg`}
            alt={t("share.qrAlt")}
            width={200}
            height={200}
          />
        </div>
      )}
    </section>
  );
}
