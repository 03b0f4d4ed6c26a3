import { useQuery } from "@tanstack/react-query";
import { api, must } from "./api/client";

/** Every member's registered name by id (one page of up to 500: an alliance has tens of schools). */
export function useMemberNames() {
  const members = useQuery({
    queryKey: ["members", "all"],
    queryFn: () => must(api.GET("/members", { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const names = new Map((members.data?.items ?? []).map((m) => [m.memberId, m.name]));
  return { members: members.data?.items ?? [], name: (id: number) => names.get(id) ?? `#${id}` };
}

/** Every course's code by id, for tables that hold only ids. */
export function useCourseCodes() {
  const courses = useQuery({
    queryKey: ["courses", "all"],
    queryFn: () => must(api.GET("/courses", { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const codes = new Map((courses.data?.items ?? []).map((c) => [c.courseId, c.code]));
  return { courses: courses.data?.items ?? [], code: (id: number) => codes.get(id) ?? `#${id}` };
}
