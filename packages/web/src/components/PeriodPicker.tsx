import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, must } from "../api/client";
import { Empty, ErrorNote, Loading } from "./Notice";

/** The budget periods (newest first) and the one the reader chose, by default the newest. */
export function useChosenPeriod() {
  const [chosen, setChosen] = useState<number>();
  const periods = useQuery({
    queryKey: ["periods", "list"],
    queryFn: () => must(api.GET("/periods", { params: { query: { limit: 100 } } })),
  });
  const items = periods.data?.items ?? [];
  const current = chosen ?? items[0]?.periodId;
  return { periods, items, current, period: items.find((p) => p.periodId === current), setChosen };
}

/** Choosing a budget period, with its list's loading, error and empty states. */
export function PeriodPicker({ chosen }: { chosen: ReturnType<typeof useChosenPeriod> }) {
  const { t } = useTranslation();
  const { periods, items, current, setChosen } = chosen;
  return (
    <>
      <ErrorNote error={periods.error} />
      {periods.isPending && <Loading />}
      {periods.data && items.length === 0 && <Empty>{t("periods.empty")}</Empty>}
      {items.length > 0 && (
        <label>
          {t("periods.choose")}
          <select value={current} onChange={(e) => setChosen(Number(e.target.value))}>
            {items.map((p) => (
              <option key={p.periodId} value={p.periodId}>
                {t("periods.option", {
                  id: p.periodId,
                  currency: p.currency,
                  status: t(p.closed ? "periods.closed" : "periods.isOpen"),
                })}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
