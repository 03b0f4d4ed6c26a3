import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client";
import { formatCredits, formatInstant } from "../format";
import { localeOf } from "../i18n";
import { CheckList } from "../components/CheckList";

type BadgeVerification = Schemas["BadgeVerification"];

/** A signed Open Badges credential checked as an outside verifier would: issuer, schema, signature, key, status. */
export function BadgeResult({ result }: { result: BadgeVerification }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const verdict = result.valid ? "valid" : result.revoked ? "revoked" : "invalid";
  const { about } = result;
  return (
    <div className="result">
      <div className={`verdict ${result.valid ? "ok" : "bad"}`} role="status" data-badge-verdict={verdict}>
        <h2>{t(`badge.verdict.${verdict}`)}</h2>
        <p>{t(`badge.verdictText.${verdict}`)}</p>
      </div>
      <h2>{t("verify.says")}</h2>
      <dl className="facts">
        <dt>{t("verify.issuer")}</dt>
        <dd>{about.issuer.name ?? about.issuer.did ?? "—"}</dd>
        <dt>{t("verify.course")}</dt>
        <dd>{[about.code, about.achievement].filter(Boolean).join(" ") || "—"}</dd>
        <dt>{t("verify.credits")}</dt>
        <dd>{about.creditsEarned === null ? "—" : formatCredits(about.creditsEarned, locale)}</dd>
        <dt>{t("verify.grade")}</dt>
        <dd>{about.grade ?? t("verify.hidden")}</dd>
        <dt>{t("badge.validFrom")}</dt>
        <dd>{about.validFrom ? formatInstant(about.validFrom, locale) : "—"}</dd>
      </dl>
      <h2>{t("verify.checks")}</h2>
      <CheckList prefix="badge.checks" checks={result.checks} />
    </div>
  );
}
