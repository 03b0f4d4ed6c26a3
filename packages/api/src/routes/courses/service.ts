import type { AllianceClient } from "@alliance-ledger/sdk";
import { decodeBytes32String } from "ethers";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import { type CourseQuery, STATUSES, TIERS } from "./schemas.js";

/** The shared catalogue, filtered and paginated; every key may read all of it. */
export async function listCourses(
  deps: ReadDependencies,
  query: CourseQuery,
  _caller: ApiKeyRecord,
): Promise<{ items: Array<Awaited<ReturnType<typeof readCourse>>>; total: number }> {
  const { reader } = deps;
  const count = Number(await reader.catalog.courseCount());
  const all = await Promise.all(Array.from({ length: count }, (_, i) => readCourse(reader, i + 1)));
  const wanted = all.filter(
    (c) =>
      (!query.hostMemberId || c.hostMemberId === query.hostMemberId) &&
      (!query.tier || c.tier === query.tier) &&
      (!query.status || c.status === query.status) &&
      (!query.term || c.term === query.term),
  );
  return { items: wanted.slice(query.offset, query.offset + query.limit), total: wanted.length };
}

/** 404 `course_not_found` unless the catalogue has `courseId`. */
export async function requireCourse(reader: AllianceClient, courseId: number): Promise<void> {
  if (courseId > Number(await reader.catalog.courseCount()))
    throw new DomainError("course_not_found", `No course has id ${courseId}.`, [
      { field: "courseId", value: courseId },
    ]);
}

async function readCourse(reader: AllianceClient, courseId: number) {
  const c = await reader.catalog.course(courseId);
  const v = await reader.catalog.courseVersion(courseId, c.latestVersion);
  return {
    courseId,
    code: decodeBytes32String(c.code),
    hostMemberId: Number(c.hostMemberId),
    latestVersion: Number(c.latestVersion),
    tier: TIERS[Number(c.tier)],
    status: STATUSES[Number(c.status)],
    credits: hundredthsToCredits(v.credits),
    feePerCredit: v.feePerCredit.toString(),
    term: Number(v.term),
    seats: Number(v.seats),
  };
}
