import { pageOf } from "../../readModel/pageQuery.js";
import type { BatchRecognitionItems, RecognitionDecision } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import type { BatchLoader, LoadedBatch } from "../../outbox/loadBatch.js";
import type { OutboxRow } from "../../outbox/outboxRecords.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { Decision, InboxQuery } from "./schemas.js";

/**
 * The caller's (a home school's) inbox: the anchored records of its students held here that no decision
 * or revocation has reached (the read model's record states), filtered by issuer, course and term,
 * paginated in submission order.
 */
export async function listRecognitionInbox(deps: ReadDependencies, q: InboxQuery, caller: ApiKeyRecord) {
  const { db } = deps;
  const homeId = caller.memberId!;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "inbox.list", {
    columns: "o.id, o.issuer_id, o.course_id, o.course_version, o.term, o.credits, o.student_ref, o.completion_date",
    from: "outbox_attestations o",
    filters: [
      ["o.home_id = ?", homeId],
      ["o.status = ?", "anchored"],
      // An anti-join both databases plan as one index probe per row, stopping at the page (or the count's cap).
      [
        `NOT EXISTS (SELECT 1 FROM indexed_records r WHERE r.issuer_id = o.issuer_id AND r.root = o.batch_root
          AND r.record_index = o.batch_index AND (r.decided = 1 OR r.revoked = 1))`,
      ],
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
  return { items, total, totalExact };
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
