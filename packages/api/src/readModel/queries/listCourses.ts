import type { Queryable } from "../../db/database.js";
import { hundredthsToCredits } from "../../validators.js";
import { pageOf } from "../pageQuery.js";
import { READ_MODEL_TABLES } from "../readModelTables.js";

export const COURSE_TIERS = ["general", "certified"] as const;
export const COURSE_STATUSES = ["none", "active", "retired"] as const;

export interface ListCoursesQuery {
  hostMemberId?: number;
  tier?: (typeof COURSE_TIERS)[number];
  status?: "active" | "retired";
  term?: number;
  limit: number;
  offset: number;
}

/** The shared catalogue from the read model, course id order, each with its latest version's terms. */
export async function listCourses(db: Queryable, q: ListCoursesQuery) {
  const { rows, total } = await pageOf<Record<string, unknown>>(db, "courses.list", {
    columns: "*",
    from: "indexed_courses",
    filters: [
      q.hostMemberId === undefined ? undefined : ["host_member_id = ?", q.hostMemberId],
      q.tier === undefined ? undefined : ["tier = ?", COURSE_TIERS.indexOf(q.tier)],
      q.status === undefined ? undefined : ["status = ?", COURSE_STATUSES.indexOf(q.status)],
      q.term === undefined ? undefined : ["term = ?", q.term],
    ],
    orderBy: "course_id",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const c = READ_MODEL_TABLES.courses.fromRecord(r);
    return {
      courseId: c.courseId,
      code: c.code,
      hostMemberId: c.hostMemberId,
      latestVersion: c.latestVersion,
      tier: COURSE_TIERS[c.tier],
      status: COURSE_STATUSES[c.status],
      credits: hundredthsToCredits(c.credits),
      feePerCredit: c.feePerCredit.toString(),
      term: c.term,
      seats: c.seats,
    };
  });
  return { items, total };
}

/** Whether the read model knows course `courseId`. */
export async function courseExists(db: Queryable, courseId: number): Promise<boolean> {
  const rows = await db.query("courses.exists", "SELECT 1 FROM indexed_courses WHERE course_id = $1", [courseId]);
  return rows.length > 0;
}
