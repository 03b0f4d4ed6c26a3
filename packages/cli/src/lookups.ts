import type { GatewayClient } from "@alliance-ledger/sdk";
import { MAX_LIMIT } from "./paging.js";

/** Stops a runaway lookup: 20 pages of 500 are more members or courses than an alliance has. */
const MAX_PAGES = 20;

/** An id with its name next to it, "1 北京理工大学", or the bare id when the name is unknown. */
export const labelled = (id: number | string, name?: string) => (name ? `${id} ${name}` : String(id));

type Page<T> = { items: T[]; total: number; totalExact: boolean };

/** Items of consecutive pages from offset 0, until a short page, `enough` says so, or MAX_PAGES. */
async function pages<T>(fetch: (offset: number) => Promise<Page<T>>, enough: (items: T[]) => boolean = () => false) {
  const items: T[] = [];
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetch(items.length);
    items.push(...page.items);
    if (page.items.length < MAX_LIMIT || enough(items)) break;
  }
  return items;
}

/**
 * The names behind the ids a list shows: members' names (/members), course codes (/courses) and each
 * period's currency (its reconciliation), each fetched at most once per command run. A lookup that
 * fails (an older gateway, a key without access) leaves the bare ids: it never fails the command.
 */
export function createLookups(gateway: GatewayClient) {
  let members: Promise<Map<number, string>> | undefined;
  let courses: Promise<Map<number, string>> | undefined;
  const currencies = new Map<number, Promise<string | undefined>>();
  return {
    /** Labels members: 1 → "1 北京理工大学". */
    async members(): Promise<(memberId: number) => string> {
      members ??= pages((offset) => gateway.listMembers({ limit: MAX_LIMIT, offset }))
        .then((items) => new Map(items.map((m) => [m.memberId, m.name])))
        .catch(() => new Map());
      const names = await members;
      return (id) => labelled(id, names.get(id));
    },

    /** Labels courses by code: 1 → "1 BIT-AI". */
    async courses(courseIds: number[]): Promise<(courseId: number) => string> {
      const codes = await this.courseCodes(courseIds);
      return (id) => labelled(id, codes.get(id));
    },

    /** Each course's code by id. Reads the catalogue (course id order) as far as the highest id asked for. */
    async courseCodes(courseIds: number[]): Promise<Map<number, string>> {
      const highest = Math.max(0, ...courseIds);
      courses ??= pages(
        (offset) => gateway.listCourses({ limit: MAX_LIMIT, offset }),
        (items) => (items.at(-1)?.courseId ?? 0) >= highest,
      )
        .then((items) => new Map(items.map((c) => [c.courseId, c.code])))
        .catch(() => new Map());
      return courses;
    },

    /** Each period's currency ("CNY"), undefined where it cannot be read. */
    async currencies(periodIds: number[]): Promise<(periodId: number) => string | undefined> {
      for (const id of new Set(periodIds))
        if (!currencies.has(id))
          currencies.set(
            id,
            gateway.reconciliation(id).then(
              (r) => r.currency,
              () => undefined,
            ),
          );
      const known = new Map(await Promise.all([...currencies].map(async ([id, c]) => [id, await c] as const)));
      return (id) => known.get(id);
    },
  };
}

export type Lookups = ReturnType<typeof createLookups>;
