import { useTranslation } from "react-i18next";
import { formatShare } from "../format";
import { localeOf } from "../i18n";
import { useMemberNames } from "../names";

type Share = { memberId: number; shareBps: number };

/** Investment shares as the council decided them: each school by name with its percentage. */
export function SharesTable({ shares, caption, testId }: { shares: Share[]; caption: string; testId?: string }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  return (
    <table className="shares" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("shares.school")}</th>
          <th scope="col" className="num">
            {t("shares.share")}
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((s) => (
          <tr key={s.memberId}>
            <td>{name(s.memberId)}</td>
            <td className="num">{formatShare(s.shareBps, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Shares on one line, for a table cell: "Tianjin University 13.9% · …". */
export function useSharesText() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  return (shares: Share[]) => shares.map((s) => `${name(s.memberId)} ${formatShare(s.shareBps, locale)}`).join(" · ");
}
