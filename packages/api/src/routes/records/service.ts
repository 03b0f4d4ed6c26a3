import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { pageOf } from "../../readModel/pageQuery.js";
import { DomainError } from "../../errors.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { RecordQuery } from "./schemas.js";

/**
 * One anchored batch's records as their issuer holds them, in batch order, each with whether it was
 * revoked on chain: what a registrar needs to find the record to revoke or correct. Only the caller's
 * own records: another school's batch answers an empty page, not its students.
 */
export async function listIssuedRecords(deps: ReadDependencies, q: RecordQuery, caller: ApiKeyRecord) {
  if (q.batchRoot === undefined && q.studentRef === undefined)
    throw new DomainError("validation_failed", "Name a batch (batchRoot) or a student (studentRef).", [
      { field: "batchRoot" },
      { field: "studentRef" },
    ]);
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(deps.db, "records.list", {
    columns: `o.id, o.batch_root, o.batch_index, o.home_id, o.course_id, o.course_version, o.term, o.credits,
      o.student_ref, o.grade, o.completion_date, r.revoked, r.reason_code`,
    from: `outbox_attestations o LEFT JOIN indexed_records r
      ON r.issuer_id = o.issuer_id AND r.root = o.batch_root AND r.record_index = o.batch_index`,
    filters: [
      q.batchRoot === undefined ? undefined : ["o.batch_root = ?", q.batchRoot],
      q.studentRef === undefined ? undefined : ["o.student_ref = ?", q.studentRef],
      ["o.issuer_id = ?", caller.memberId],
      ["o.status = ?", "anchored"],
    ],
    orderBy: q.batchRoot === undefined ? "o.seq" : "o.batch_index",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => ({
    id: String(r.id),
    batchRoot: String(r.batch_root),
    index: Number(r.batch_index),
    homeId: Number(r.home_id),
    courseId: Number(r.course_id),
    courseVersion: Number(r.course_version),
    term: Number(r.term),
    credits: hundredthsToCredits(Number(r.credits)),
    studentRef: String(r.student_ref),
    grade: String(r.grade),
    completionDate: String(r.completion_date),
    revoked: Number(r.revoked ?? 0) === 1 || r.revoked === true,
    reasonCode: r.reason_code === null || r.reason_code === undefined ? null : Number(r.reason_code),
  }));
  return { items, total, totalExact };
}
