import { pageOf } from "../../readModel/pageQuery.js";
import {
  type Attestation,
  type BatchRecognitionItems,
  buildAttestationTree,
  type RecognitionDecision,
} from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import type { BatchLoader, LoadedBatch } from "../../outbox/loadBatch.js";
import type { OutboxRow } from "../../outbox/outboxRecords.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { Decision, InboxQuery } from "./schemas.js";

/**
 * The caller's (a home school's) inbox: the anchored records of its students that no decision or
 * revocation has reached (the read model's record states) — those issued through this gateway, then
 * those received from other members' gateways — filtered by issuer, course and term, paginated.
 */
export async function listRecognitionInbox(deps: ReadDependencies, q: InboxQuery, caller: ApiKeyRecord) {
  const { db } = deps;
  // Validated integers, written into the SQL so both halves of the union share them.
  const only = (column: string, value: number | undefined) =>
    value === undefined ? "" : ` AND ${column} = ${Math.trunc(Number(value))}`;
  const narrow = (t: string) =>
    `${t}.home_id = ${Math.trunc(Number(caller.memberId))}${only(`${t}.issuer_id`, q.issuerId)}${only(`${t}.course_id`, q.courseId)}${only(`${t}.term`, q.term)}`;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "inbox.list", {
    columns: "x.id, x.issuer_id, x.course_id, x.course_version, x.term, x.credits, x.student_ref, x.completion_date",
    from: `(SELECT o.id, o.issuer_id, o.course_id, o.course_version, o.term, o.credits, o.student_ref, o.completion_date,
        o.batch_root, o.batch_index, 0 AS src, '' AS received_at, o.seq AS ord
        FROM outbox_attestations o WHERE o.status = 'anchored' AND ${narrow("o")}
      UNION ALL
      SELECT i.leaf, i.issuer_id, i.course_id, i.course_version, i.term, i.credits, i.student_ref, i.completion_date,
        i.batch_root, i.batch_index, 1, i.received_at, i.batch_index
        FROM inbound_attestations i WHERE ${narrow("i")}) x`,
    filters: [
      // An anti-join both databases plan as one index probe per row, stopping at the page (or the count's cap).
      [
        `NOT EXISTS (SELECT 1 FROM indexed_records r WHERE r.issuer_id = x.issuer_id AND r.root = x.batch_root
          AND r.record_index = x.batch_index AND (r.decided = 1 OR r.revoked = 1))`,
      ],
    ],
    orderBy: "x.src, x.received_at, x.ord",
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
    const [local] = await db.query<OutboxRow>("recognitions.row", "SELECT * FROM outbox_attestations WHERE id = $1", [
      d.attestationId,
    ]);
    // A record received from its issuer's gateway is named by its leaf; its batch's tree is the manifest's.
    const received = local ? undefined : await receivedRecord(db, d.attestationId);
    const row = local ?? received?.row;
    if (!row || Number(row.home_id) !== homeId)
      throw new DomainError("attestation_not_found", `No attestation ${d.attestationId} for your students.`, [
        { field: `decisions.${i}.attestationId` },
      ]);
    if (row.status !== "anchored")
      throw new DomainError("not_anchored_yet", `Attestation ${d.attestationId} is not anchored yet.`, [
        { field: `decisions.${i}.attestationId` },
      ]);
    const root = row.batch_root!;
    if (!batches.has(root)) batches.set(root, { tree: received ? received.tree() : loadBatch(db, root), items: [] });
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

/** A record this gateway received for one of its home schools, and its batch's tree from the manifest. */
async function receivedRecord(db: Database, leaf: string) {
  const [row] = await db.query<Record<string, unknown>>(
    "recognitions.received",
    `SELECT i.home_id, i.batch_root, i.batch_index, b.attestations FROM inbound_attestations i
     JOIN inbound_batches b ON b.root = i.batch_root WHERE i.leaf = $1`,
    [leaf.toLowerCase()],
  );
  if (!row) return undefined;
  return {
    row: {
      id: leaf,
      home_id: Number(row.home_id),
      status: "anchored",
      batch_root: String(row.batch_root),
      batch_index: Number(row.batch_index),
    } as unknown as OutboxRow,
    tree: async (): Promise<LoadedBatch> => {
      // Kept when the manifest checked out, before any of its records; a row from before that rule may lack it.
      const manifest = JSON.parse(String(row.attestations ?? "null")) as Attestation[] | null;
      if (!Array.isArray(manifest) || manifest.length === 0)
        throw new DomainError(
          "inbound_manifest_missing",
          "This gateway has no checked manifest for the record's batch; pull it again (GET /federation/inbound shows its state).",
          [{ batchRoot: String(row.batch_root) }],
        );
      return { sealed: [], tree: buildAttestationTree(manifest) };
    },
  };
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
