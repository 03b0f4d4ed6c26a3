import type { BatchRecognitionItems, RecognitionDecision } from "@alliance-ledger/sdk";
import type { z } from "zod";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import type { BatchLoader, LoadedBatch } from "../../outbox/loadBatch.js";
import type { OutboxRow } from "../../outbox/outboxRecords.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { Decision, InboxItem, InboxQuery } from "./schemas.js";

/**
 * The caller's (a home school's) inbox: anchored attestations of its students that it has neither
 * decided nor seen revoked, filtered by issuer, course and term, paginated in submission order.
 */
export async function listRecognitionInbox(
  deps: ReadDependencies,
  query: InboxQuery,
  caller: ApiKeyRecord,
): Promise<{ items: Array<z.infer<typeof InboxItem>>; total: number }> {
  const rows = (
    await deps.db.query<OutboxRow>(
      "inbox.rows",
      "SELECT * FROM outbox_attestations WHERE home_id = $1 AND status = 'anchored' ORDER BY seq",
      [caller.memberId],
    )
  ).filter(
    (r) =>
      (!query.issuerId || Number(r.issuer_id) === query.issuerId) &&
      (!query.courseId || Number(r.course_id) === query.courseId) &&
      (!query.term || Number(r.term) === query.term),
  );
  const states = await Promise.all(
    rows.map((r) => deps.reader.creditLedger.recordStatus(Number(r.issuer_id), r.batch_root!, Number(r.batch_index))),
  );
  const undecided = rows.filter((_, i) => !states[i].decided && !states[i].revoked);
  const items = undecided.slice(query.offset, query.offset + query.limit).map((r) => ({
    id: r.id,
    issuerId: Number(r.issuer_id),
    courseId: Number(r.course_id),
    courseVersion: Number(r.course_version),
    term: Number(r.term),
    credits: hundredthsToCredits(Number(r.credits)),
    studentRef: r.student_ref,
    completionDate: r.completion_date,
  }));
  return { items, total: undecided.length };
}

/**
 * The home school's decisions grouped by batch: each batch's tree is rebuilt once, and its records go
 * on chain under one multiproof (far less gas than a proof per record). Refuses a record that is not
 * the school's, not anchored, or decided twice in one request.
 */
export async function groupDecisions(
  db: Database,
  loadBatch: BatchLoader,
  homeId: number,
  decisions: Decision[],
): Promise<BatchRecognitionItems[]> {
  const batches = new Map<string, { tree: Promise<LoadedBatch>; items: BatchRecognitionItems["items"] }>();
  const seen = new Set<string>();
  for (const [i, d] of decisions.entries()) {
    const [row] = await db.query<OutboxRow>("recognitions.row", "SELECT * FROM outbox_attestations WHERE id = $1", [
      d.attestationId,
    ]);
    if (!row || Number(row.home_id) !== homeId)
      throw new DomainError("attestation_not_found", `No attestation ${d.attestationId} for your students.`, [
        { field: `decisions.${i}.attestationId` },
      ]);
    if (row.status !== "anchored")
      throw new DomainError("not_anchored_yet", `Attestation ${d.attestationId} is not anchored yet.`, [
        { field: `decisions.${i}.attestationId` },
      ]);
    const root = row.batch_root!;
    if (!batches.has(root)) batches.set(root, { tree: loadBatch(db, root), items: [] });
    const group = batches.get(root)!;
    const index = Number(row.batch_index);
    if (seen.has(row.id))
      throw new DomainError("duplicate_decision", `Attestation ${d.attestationId} is decided twice in this request.`, [
        { field: `decisions.${i}.attestationId` },
      ]);
    seen.add(row.id);
    group.items.push({ index, decide: decisionOf(d) });
  }
  return Promise.all([...batches.values()].map(async (g) => ({ tree: (await g.tree).tree, items: g.items })));
}

const decisionOf = (d: Decision): RecognitionDecision =>
  d.decision === "accept"
    ? { decision: "accept" }
    : d.decision === "reject"
      ? { decision: "reject", reasonCode: d.reasonCode }
      : {
          decision: "convert",
          recognisedCredits: d.recognisedCredits,
          localCourse: d.localCourse,
          conversionRule: d.conversionRule,
        };
