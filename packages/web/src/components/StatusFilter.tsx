import { useTranslation } from "react-i18next";

/** A list's status filter: every status by name, or all; choosing one starts the list again from its top. */
export function StatusFilter<S extends string>(props: {
  value: S | "";
  statuses: readonly S[];
  name: (status: S) => string;
  onChange: (status: S | "") => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {t("common.status")}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as S | "")}>
        <option value="">{t("common.all")}</option>
        {props.statuses.map((s) => (
          <option key={s} value={s}>
            {props.name(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
