import { decodeBytes32String } from "ethers";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { bumpActivity } from "./memberActivity.js";
import { type LedgerStore, rowKey } from "./ledgerStore.js";
import type { ReadModelTable } from "./rows.js";

type Needed = Array<[ReadModelTable, string]>;

/** Catalogue events: courses, their versions and tiers. */
export const CATALOG_EVENTS = [
  "CoursePublished",
  "CourseVersionPublished",
  "CourseTierChanged",
  "CourseRetired",
] as const;

const GENERAL = 0;
const ACTIVE = 1;
const RETIRED = 2;

/** The rows a catalogue event reads or writes (the host's activity once its course is loaded). */
export function catalogRowsNeeded(e: LedgerEvent, store: LedgerStore): Needed {
  const a = e.args;
  const courseId = Number(a.courseId);
  const needed: Needed = [["courses", rowKey.course(courseId)]];
  if (e.name === "CoursePublished") needed.push(["memberActivity", rowKey.memberActivity(Number(a.hostMemberId))]);
  if (e.name === "CourseVersionPublished" || e.name === "CourseTierChanged")
    needed.push(["courseVersions", rowKey.courseVersion(courseId, Number(a.version))]);
  const host = store.get("courses", rowKey.course(courseId))?.hostMemberId;
  if (host !== undefined) needed.push(["memberActivity", rowKey.memberActivity(host)]);
  return needed;
}

/**
 * Applies one catalogue event. A course shows its latest version's terms and tier; a host's seats
 * offered are its courses' latest versions' seats.
 */
export function foldCatalogEvent(store: LedgerStore, e: LedgerEvent): void {
  const a = e.args;
  const courseId = Number(a.courseId);
  const key = rowKey.course(courseId);
  const course = store.get("courses", key);
  switch (e.name) {
    case "CoursePublished": {
      const hostMemberId = Number(a.hostMemberId);
      store.set("courses", key, {
        courseId,
        code: courseCode(String(a.code)),
        hostMemberId,
        latestVersion: 0,
        tier: GENERAL,
        status: ACTIVE,
        credits: 0,
        feePerCredit: 0n,
        term: 0,
        seats: 0,
      });
      bumpActivity(store, hostMemberId, { coursesOffered: 1 });
      return;
    }
    case "CourseVersionPublished": {
      if (!course) return;
      const version = Number(a.version);
      const t = a.terms;
      const terms = {
        credits: Number(t.credits),
        feePerCredit: BigInt(t.feePerCredit),
        term: Number(t.term),
        seats: Number(t.seats),
      };
      store.set("courseVersions", rowKey.courseVersion(courseId, version), {
        courseId,
        version,
        hostMemberId: course.hostMemberId,
        ...terms,
        tier: GENERAL, // a new version is general until the committee certifies it
        publishedAtBlock: e.blockNumber,
      });
      if (version < course.latestVersion) return;
      bumpActivity(store, course.hostMemberId, {
        seatsOffered: terms.seats - course.seats,
      });
      store.set("courses", key, {
        ...course,
        ...terms,
        latestVersion: version,
        tier: GENERAL,
      });
      return;
    }
    case "CourseTierChanged": {
      const version = Number(a.version);
      const vKey = rowKey.courseVersion(courseId, version);
      const v = store.get("courseVersions", vKey);
      if (v) store.set("courseVersions", vKey, { ...v, tier: Number(a.tier) });
      if (course && version === course.latestVersion) store.set("courses", key, { ...course, tier: Number(a.tier) });
      return;
    }
    case "CourseRetired":
      if (course) store.set("courses", key, { ...course, status: RETIRED });
      return;
  }
}

/** The course code as its host wrote it; the raw bytes when they are not a code. */
function courseCode(code: string): string {
  try {
    return decodeBytes32String(code);
  } catch {
    return code;
  }
}
