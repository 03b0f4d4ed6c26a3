import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";

/** The charter's terms as the council decided them (GET /charter): shares, the next period's, the rule. */
export function useCharterTerms() {
  return useQuery({ queryKey: ["charter"], queryFn: () => must(api.GET("/charter", {})) });
}
