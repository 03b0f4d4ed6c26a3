import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { AllianceClient } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import { courseTitles } from "./courseTexts.js";
import { type CourseQuery, STATUSES, TIERS } from "./schemas.js";

/** The shared catalogue from the read model, course id order, each with its latest version's terms; every key may read it. */
export async function listCourses(deps: ReadDependencies, q: CourseQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "courses.list", {
    columns: "*",
    from: "indexed_courses",
    filters: [
      q.hostMemberId === undefined ? undefined : ["host_member_id = ?", q.hostMemberId],
      q.tier === undefined ? undefined : ["tier = ?", TIERS.indexOf(q.tier)],
      q.status === undefined ? undefined : ["status = ?", STATUSES.indexOf(q.status)],
      q.term === undefined ? undefined : ["term = ?", q.term],
    ],
    orderBy: "course_id",
    limit: q.limit,
    offset: q.offset,
  });
  const courses = rows.map((r) => READ_MODEL_TABLES.courses.fromRecord(r));
  const titles = await courseTitles(
    db,
    courses.map((c) => ({ courseId: c.courseId, version: c.latestVersion })),
  );
  const items = courses.map((c) => {
    return {
      courseId: c.courseId,
      code: c.code,
      title: titles.get(`${c.courseId}:${c.latestVersion}`) ?? null,
      hostMemberId: c.hostMemberId,
      latestVersion: c.latestVersion,
      tier: TIERS[c.tier],
      status: STATUSES[c.status],
      credits: hundredthsToCredits(c.credits),
      feePerCredit: c.feePerCredit.toString(),
      term: c.term,
      seats: c.seats,
    };
  });
  return { items, total, totalExact };
}

/** 404 `course_not_found` unless the catalogue has `courseId`. */
export async function requireCourse(reader: AllianceClient, courseId: number): Promise<void> {
  if (courseId > Number(await reader.catalog.courseCount()))
    throw new DomainError("course_not_found", `No course has id ${courseId}.`, [
      { field: "courseId", value: courseId },
    ]);
}
