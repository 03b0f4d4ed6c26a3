import type { Queryable } from "../../db/database.js";
import { hundredthsToCredits } from "../../validators.js";
import { pageOf } from "../pageQuery.js";

export interface RecognitionInboxQuery {
  issuerId?: number;
  courseId?: number;
  term?: number;
  limit: number;
  offset: number;
}

/**
 * A home school's inbox: the anchored records of its students held here that no decision or
 * revocation has reached (the read model's record states), oldest first.
 */
export async function listRecognitionInbox(db: Queryable, homeId: number, q: RecognitionInboxQuery) {
  const { rows, total } = await pageOf<Record<string, unknown>>(db, "inbox.list", {
    columns: "o.id, o.issuer_id, o.course_id, o.course_version, o.term, o.credits, o.student_ref, o.completion_date",
    from: `outbox_attestations o LEFT JOIN indexed_records r
      ON r.issuer_id = o.issuer_id AND r.root = o.batch_root AND r.record_index = o.batch_index`,
    filters: [
      ["o.home_id = ?", homeId],
      ["o.status = ?", "anchored"],
      ["(r.key IS NULL OR (r.decided = 0 AND r.revoked = 0))"],
      q.issuerId === undefined ? undefined : ["o.issuer_id = ?", q.issuerId],
      q.courseId === undefined ? undefined : ["o.course_id = ?", q.courseId],
      q.term === undefined ? undefined : ["o.term = ?", q.term],
    ],
    orderBy: "o.seq",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => ({
    id: String(r.id),
    issuerId: Number(r.issuer_id),
    courseId: Number(r.course_id),
    courseVersion: Number(r.course_version),
    term: Number(r.term),
    credits: hundredthsToCredits(Number(r.credits)),
    studentRef: String(r.student_ref),
    completionDate: String(r.completion_date),
  }));
  return { items, total };
}
