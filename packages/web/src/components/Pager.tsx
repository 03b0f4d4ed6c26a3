import { useTranslation } from "react-i18next";
import { localeOf } from "../i18n";
import { formatCount } from "../format";

/** "1–50 of 1,000+" with previous and next; the gateway counts exactly up to 1,000 (`totalExact`). */
export function Pager(p: {
  offset: number;
  limit: number;
  shown: number;
  total: number;
  totalExact: boolean;
  onOffset: (offset: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  if (p.total === 0) return null;
  const total = `${formatCount(p.total, locale)}${p.totalExact ? "" : "+"}`;
  const hasNext = p.offset + p.shown < p.total || !p.totalExact;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <span>
        {t("pager.range", {
          from: formatCount(p.offset + 1, locale),
          to: formatCount(p.offset + p.shown, locale),
          total,
        })}
      </span>
      <button type="button" disabled={p.offset === 0} onClick={() => p.onOffset(Math.max(0, p.offset - p.limit))}>
        {t("pager.previous")}
      </button>
      <button type="button" disabled={!hasNext || p.shown < p.limit} onClick={() => p.onOffset(p.offset + p.limit)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
