import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";

/** Each period's currency (cost entries carry minor units only; the period names the currency). */
export function usePeriodCurrencies() {
  const periods = useQuery({
    queryKey: ["periods", "all"],
    queryFn: () => must(api.GET("/periods", { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const currencies = new Map((periods.data?.items ?? []).map((p) => [p.periodId, p.currency]));
  return (periodId: number) => currencies.get(periodId) ?? "CNY";
}
