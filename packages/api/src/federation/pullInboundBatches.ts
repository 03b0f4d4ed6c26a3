import {
  type AllianceClient,
  type Attestation,
  attestationLeafHash,
  attestationProblems,
  buildAttestationTree,
  type CredentialFile,
  parseCredentialFile,
  type VerificationMemo,
  verifyCredential,
} from "@alliance-ledger/sdk";
import type { Database } from "../db/database.js";
import { checkGatewayDestination } from "./gatewayDestination.js";
import { batchOf, describeFinding, type InboundFinding } from "./inboundFindings.js";
import { openEnvelope } from "./recordEnvelope.js";
import { signRequest } from "./signedRequests.js";
import { transportKeys, type TransportKeys } from "./transportKeys.js";

export interface PullInboundParameters {
  db: Database;
  reader: AllianceClient;
  /** The members whose records this gateway issues and receives (it holds their transport keys). */
  members: readonly number[];
  passphrase: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Retry due batches now, whatever their backoff says (an operator's "try again"). */
  ignoreBackoff?: boolean;
  /** How long one request to an issuer's gateway may take, answer included (default 30 s). */
  requestTimeoutMs?: number;
  /** Other gateways may be on this machine's loopback (a local federation); otherwise refused. */
  allowLoopback?: boolean;
}

/** What one pull did: records stored, and each batch it looked at with its outcome. */
export interface PullReport {
  received: number;
  batches: Array<{ root: string; issuerId: number; status: InboundStatus; problems?: string[]; error?: string }>;
}

export type InboundStatus = "pending" | "delivered" | "mismatch";

const MAX_BACKOFF_SECONDS = 600;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * What an issuer's gateway may send before it is given up on (a manifest entry is about 600 bytes, a
 * sealed credential file about 4 kB): an endless or huge answer only delays its batch, it cannot fill
 * this gateway's memory.
 */
const MANIFEST_BYTES_PER_RECORD = 2_048;
const SEALED_BYTES_PER_RECORD = 16_384;
const ANSWER_BYTES_BASE = 16_384;
/** Two seconds, doubling with every failed attempt, at most ten minutes. */
export const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, MAX_BACKOFF_SECONDS);

/**
 * Pulls other members' records for this gateway's home schools, triggered by the chain: every batch
 * the indexer saw anchored by another member is fetched from its issuer's gateway (found in the
 * gateway directory on chain). Nothing received is trusted: the manifest must rebuild the batch's root
 * and count on chain, each record must verify against the node (proof, commitments, issuer standing,
 * course) and be the manifest's record for this home school, and every record the manifest tags for
 * it must arrive. A record is stored once, keyed by its leaf. An unreachable issuer leaves the batch
 * pending with a growing backoff; a record altered or withheld is reported by batch and index.
 */
export async function pullInboundBatches(p: PullInboundParameters): Promise<PullReport> {
  const now = (p.now ?? (() => new Date()))();
  const served = new Set(p.members);
  const report: PullReport = { received: 0, batches: [] };
  if (!p.reader.memberGateways || served.size === 0) return report;
  await discoverBatches(p.db, served, now);

  const due = await p.db.query<Record<string, unknown>>(
    "inbound.due",
    `SELECT root, issuer_id, count, attempts FROM inbound_batches
     WHERE status IN ('pending', 'mismatch') ${p.ignoreBackoff ? "" : "AND next_attempt_at <= $1"} ORDER BY next_attempt_at`,
    p.ignoreBackoff ? [] : [now.toISOString()],
  );
  if (due.length === 0) return report;
  const keys = new Map<number, TransportKeys>();
  for (const m of served) {
    const k = await transportKeys(p.db, m, p.passphrase);
    if (k) keys.set(m, k);
  }
  if (keys.size === 0) return report;
  const { chainId } = await p.reader.provider.getNetwork();
  const alliance = { chainId: Number(chainId), creditLedger: p.reader.addresses.creditLedger };

  for (const row of due) {
    const root = String(row.root);
    const issuerId = Number(row.issuer_id);
    const attempts = Number(row.attempts);
    try {
      const outcome = await pullBatch({ ...p, keys, alliance, root, issuerId, count: Number(row.count) });
      report.received += outcome.received;
      const problems = outcome.findings.map((f) => describeFinding(batchOf(root, issuerId), f));
      await p.db.query(
        "inbound.settle",
        `UPDATE inbound_batches SET status = $1, problems = $2, attempts = $3, next_attempt_at = $4,
         last_error = NULL, updated_at = $5 WHERE root = $6`,
        [
          problems.length ? "mismatch" : "delivered",
          problems.length ? JSON.stringify(outcome.findings) : null,
          attempts + 1,
          new Date(now.getTime() + backoffSeconds(attempts + 1) * 1000).toISOString(),
          now.toISOString(),
          root,
        ],
      );
      report.batches.push({
        root,
        issuerId,
        status: problems.length ? "mismatch" : "delivered",
        ...(problems.length ? { problems } : {}),
      });
    } catch (error) {
      // Down, partitioned, or answering nonsense: the batch waits, and its home schools' work goes on.
      const message = error instanceof Error ? error.message : String(error);
      await p.db.query(
        "inbound.retry",
        "UPDATE inbound_batches SET attempts = $1, next_attempt_at = $2, last_error = $3, updated_at = $4 WHERE root = $5",
        [
          attempts + 1,
          new Date(now.getTime() + backoffSeconds(attempts + 1) * 1000).toISOString(),
          message.slice(0, 500),
          now.toISOString(),
          root,
        ],
      );
      report.batches.push({ root, issuerId, status: "pending", error: message });
    }
  }
  return report;
}

/** Every batch anchored by a member this gateway does not serve, once. */
async function discoverBatches(db: Database, served: Set<number>, now: Date) {
  const ids = [...served];
  const fresh = await db.query<Record<string, unknown>>(
    "inbound.discover",
    `SELECT b.root, b.issuer_id, b.count FROM indexed_batches b
     WHERE b.issuer_id NOT IN (${ids.map((_, i) => `$${i + 1}`).join(", ")})
     AND NOT EXISTS (SELECT 1 FROM inbound_batches i WHERE i.root = b.root)`,
    ids,
  );
  for (const b of fresh)
    await db.query(
      "inbound.add",
      `INSERT INTO inbound_batches (root, issuer_id, count, status, attempts, next_attempt_at, updated_at)
       VALUES ($1, $2, $3, 'pending', 0, $4, $4) ON CONFLICT (root) DO NOTHING`,
      [String(b.root).toLowerCase(), Number(b.issuer_id), Number(b.count), now.toISOString()],
    );
}

interface BatchPull extends PullInboundParameters {
  keys: Map<number, TransportKeys>;
  alliance: { chainId: number; creditLedger: string };
  root: string;
  issuerId: number;
  count: number;
}

async function pullBatch(p: BatchPull): Promise<{ received: number; findings: InboundFinding[] }> {
  const entry = await p.reader.memberGateways!.currentGateway(p.issuerId);
  const base = entry.url.replace(/\/+$/, "");
  const signedGet = async (keys: TransportKeys, path: string, maxBytes: number) => {
    const url = `${base}${path}`;
    return boundedJson(p, url, await signRequest(keys, "GET", url), maxBytes);
  };
  // Each member signs its own requests; the manifest is asked for by any of them.
  const [asker] = [...p.keys.values()];
  const manifest = (await signedGet(
    asker,
    `/federation/batches/${p.root}/manifest`,
    ANSWER_BYTES_BASE + p.count * MANIFEST_BYTES_PER_RECORD,
  )) as { attestations?: unknown } | null;
  const attestations = checkedManifest(manifest?.attestations, p);
  if (!attestations)
    return {
      received: 0,
      findings: [
        {
          kind: "manifestMismatch",
          records: Array.isArray(manifest?.attestations) ? manifest.attestations.length : null,
        },
      ],
    };
  // Kept before any record it vouches for, so a stored record always has the tree to be recognised with.
  await p.db.query("inbound.manifest", "UPDATE inbound_batches SET attestations = $1 WHERE root = $2", [
    JSON.stringify(attestations),
    p.root,
  ]);

  let received = 0;
  const findings: InboundFinding[] = [];
  // The batch, its issuer's standing and its courses are read from the node once, not once a record.
  const memo: VerificationMemo = new Map();
  for (const [home, keys] of p.keys) {
    const expected = new Map(attestations.filter((a) => a.homeId === home).map((a) => [a.index, a]));
    if (expected.size === 0) continue;
    const sealed = (await signedGet(
      keys,
      `/federation/batches/${p.root}/records/${home}`,
      ANSWER_BYTES_BASE + expected.size * SEALED_BYTES_PER_RECORD,
    )) as { jwe?: string } | null;
    let files: unknown[];
    try {
      files = (await openEnvelope(String(sealed?.jwe), keys.encryptionKey)) as unknown[];
    } catch {
      findings.push({ kind: "unopenable", homeId: home });
      continue;
    }
    const accepted = new Set<number>();
    // No more files than records expected: the rest could only be repeats or strays.
    for (const raw of Array.isArray(files) ? files.slice(0, expected.size) : []) {
      const checked = await checkRecord(raw, expected, p, memo);
      if ("kind" in checked) {
        findings.push(checked);
        continue;
      }
      accepted.add(checked.attestation.index);
      received += await storeRecord(p.db, p.root, checked);
    }
    for (const index of expected.keys())
      if (!accepted.has(index) && !findings.some((f) => "index" in f && f.index === index))
        findings.push({ kind: "withheld", index, homeId: home });
  }
  return { received, findings };
}

/**
 * The manifest's attestations if they are exactly the batch on chain: well-formed (a home school given
 * as "2" would hash alike yet match no home school, so no record would be expected), the issuer's, as
 * many as anchored, rebuilding the anchored root.
 */
function checkedManifest(value: unknown, p: BatchPull): Attestation[] | undefined {
  if (!Array.isArray(value) || value.length !== p.count) return undefined;
  if (!value.every((a) => attestationProblems(a).length === 0 && a.issuerId === p.issuerId)) return undefined;
  try {
    return buildAttestationTree(value).root.toLowerCase() === p.root ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GETs JSON from another member's gateway, bounded: no redirect (the directory names the gateway, not
 * where it sends us), the whole exchange within the timeout, and at most `maxBytes` read.
 */
async function boundedJson(p: BatchPull, url: string, headers: Record<string, string>, maxBytes: number) {
  await checkGatewayDestination(url, p.allowLoopback ?? false);
  const response = await (p.fetch ?? fetch)(url, {
    headers,
    redirect: "error",
    signal: AbortSignal.timeout(p.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${response.status}`);
  }
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes)
    throw new Error(`${url} announced more than the ${maxBytes} bytes this batch can need`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`${url} sent more than the ${maxBytes} bytes this batch can need`);
    chunks.push(Buffer.from(chunk));
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    throw new Error(`${url} did not answer JSON`);
  }
}

/** The record if it is the manifest's and verifies against the chain; else why not, naming it. */
async function checkRecord(
  raw: unknown,
  expected: Map<number, Attestation>,
  p: BatchPull,
  memo: VerificationMemo,
): Promise<CredentialFile | InboundFinding> {
  let file: CredentialFile;
  try {
    file = parseCredentialFile(raw);
  } catch {
    return { kind: "notACredential" };
  }
  const index = file.attestation.index;
  // A record whose student reference is hidden could not be matched to a student at the home school.
  if (!file.disclosures.learner?.value) return { kind: "hiddenStudent", index };
  const listed = expected.get(index);
  if (
    !listed ||
    attestationLeafHash(listed) !== attestationLeafHash(file.attestation) ||
    file.batchRoot.toLowerCase() !== p.root
  )
    return { kind: "mistagged", index };
  const result = await verifyCredential(file, p.reader.provider, p.alliance, { memo });
  const failed = result.checks.filter((c) => c.outcome === "fail" && c.name !== "notRevoked");
  if (failed.length) return { kind: "refused", index, reasons: failed.map((c) => `${c.name}: ${c.reason}`).join("; ") };
  return file;
}

/** Stores a verified record once; 1 if it is new. */
async function storeRecord(db: Database, root: string, file: CredentialFile): Promise<number> {
  const a = file.attestation;
  const d = file.disclosures;
  const rows = await db.query(
    "inbound.store",
    `INSERT INTO inbound_attestations (leaf, issuer_id, home_id, batch_root, batch_index, course_id, course_version,
       term, credits, student_ref, completion_date, file, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (leaf) DO NOTHING RETURNING leaf`,
    [
      attestationLeafHash(a).toLowerCase(),
      a.issuerId,
      a.homeId,
      root,
      a.index,
      a.courseId,
      a.courseVersion,
      a.term,
      a.credits,
      d.learner?.value ?? "",
      d.completionDate?.value ?? "",
      JSON.stringify(file),
      new Date().toISOString(),
    ],
  );
  return rows.length;
}
