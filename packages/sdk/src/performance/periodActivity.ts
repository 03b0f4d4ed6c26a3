import type {
  BatchRow,
  CourseVersionRow,
  PeriodRow,
  RecognitionRow,
  RecordRow,
  ResourceUseRow,
} from "../readModel/rows.js";
import { rowKey } from "../readModel/ledgerStore.js";

/** What a member did in one period (counts; credits in hundredths). */
export interface PeriodActivity {
  memberId: number;
  /** Courses with a version published in the period. */
  coursesOffered: number;
  /** Seats of those versions. */
  seatsOffered: number;
  /** Records it anchored for other schools' students in the period, less those since revoked. */
  studentsHosted: number;
  /** Hundredths of a credit home schools recognised in the period for students it taught (records not revoked). */
  creditsRecognised: number;
  /** Decisions it took as a home school in the period. */
  recognitionsDecided: number;
  /** Resource uses it hosted, confirmed or resolved in the period. */
  resourceUsesHosted: number;
  /** Resource uses it made, confirmed or resolved in the period. */
  resourceUsesUsed: number;
}

/**
 * The blocks that belong to a period: after the previous period closed, up to this one's close (or
 * without end while it is open). Every block belongs to exactly one period, so activity between two
 * periods counts in the next one and nothing counts twice.
 */
export interface PeriodWindow {
  afterBlock: number;
  throughBlock?: number;
}

export function periodWindow(period: PeriodRow, previous?: PeriodRow): PeriodWindow {
  return {
    afterBlock: previous?.closedAtBlock ?? 0,
    throughBlock: period.closedAtBlock,
  };
}

export const inWindow = (w: PeriodWindow, block: number) =>
  block > w.afterBlock && (w.throughBlock === undefined || block <= w.throughBlock);

/** A member that did nothing in the period. */
export const emptyActivity = (memberId: number): PeriodActivity => ({
  memberId,
  coursesOffered: 0,
  seatsOffered: 0,
  studentsHosted: 0,
  creditsRecognised: 0,
  recognitionsDecided: 0,
  resourceUsesHosted: 0,
  resourceUsesUsed: 0,
});

const CONFIRMED = 6;
const RESOLVED = 8;

/** Counts each member's activity in a window from the read model's rows (an in-memory fold's). */
export function periodActivity(
  w: PeriodWindow,
  rows: {
    courseVersions: readonly CourseVersionRow[];
    batches: readonly BatchRow[];
    recognitions: readonly RecognitionRow[];
    resourceUses: readonly ResourceUseRow[];
    /** Records some event touched; the revoked ones are taken out of hosting and recognised credits. */
    records: readonly RecordRow[];
  },
): PeriodActivity[] {
  const byMember = new Map<number, PeriodActivity>();
  const of = (memberId: number) => {
    const a = byMember.get(memberId) ?? emptyActivity(memberId);
    byMember.set(memberId, a);
    return a;
  };
  const offered = new Set<string>();
  for (const v of rows.courseVersions) {
    if (!inWindow(w, v.publishedAtBlock)) continue;
    const a = of(v.hostMemberId);
    a.seatsOffered += v.seats;
    if (!offered.has(String(v.courseId))) a.coursesOffered += 1;
    offered.add(String(v.courseId));
  }
  const revoked = new Set(rows.records.filter((r) => r.revoked).map((r) => rowKey.record(r.issuerId, r.root, r.index)));
  const batchesInWindow = new Set<string>();
  for (const b of rows.batches) {
    if (!inWindow(w, b.blockNumber)) continue;
    of(b.issuerId).studentsHosted += b.count;
    batchesInWindow.add(rowKey.batch(b.issuerId, b.root));
  }
  for (const r of rows.records)
    if (r.revoked && batchesInWindow.has(rowKey.batch(r.issuerId, r.root))) of(r.issuerId).studentsHosted -= 1;
  for (const r of rows.recognitions) {
    if (!inWindow(w, r.blockNumber)) continue;
    of(r.homeId).recognitionsDecided += 1;
    if (!revoked.has(rowKey.record(r.issuerId, r.batchRoot, r.index)))
      of(r.issuerId).creditsRecognised += r.recognisedCredits;
  }
  for (const u of rows.resourceUses) {
    if ((u.status !== CONFIRMED && u.status !== RESOLVED) || !inWindow(w, u.updatedAtBlock)) continue;
    of(u.hostMemberId).resourceUsesHosted += 1;
    of(u.userId).resourceUsesUsed += 1;
  }
  return [...byMember.values()];
}
