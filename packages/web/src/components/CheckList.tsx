import { useTranslation } from "react-i18next";

/** A check's outcome as a sign beside its words (the words carry the meaning; the sign is decoration). */
const OUTCOME_ICON: Record<string, string> = { pass: "✓", fail: "✗", info: "ℹ", skipped: "–" };

/**
 * A verification's checks in plain words: each one's title and what its outcome means, from the
 * i18n keys under `prefix` (`checks` for credential files, `badge.checks` for Open Badges), with the
 * gateway's technical detail folded away.
 */
export function CheckList({
  prefix,
  checks,
}: {
  prefix: string;
  checks: Array<{ name: string; outcome: string; detail?: string }>;
}) {
  const { t } = useTranslation();
  return (
    <ol className="checks">
      {checks.map((c) => (
        <li key={c.name} className={`check ${c.outcome}`} data-check={c.name} data-outcome={c.outcome}>
          <span className="icon" aria-hidden="true">
            {OUTCOME_ICON[c.outcome]}
          </span>
          <div>
            <strong>{t(`${prefix}.${c.name}.title`, { defaultValue: c.name })}</strong>{" "}
            <span className="outcome">{t(`outcome.${c.outcome}`)}</span>
            <p>{t(`${prefix}.${c.name}.${c.outcome}`, { defaultValue: "" })}</p>
            {c.detail && (
              <details>
                <summary>{t("verify.technical")}</summary>
                <p className="mono">{c.detail}</p>
              </details>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
