import {
  type AllianceClient,
  type Attestation,
  attestationLeafHash,
  buildAttestationTree,
  type CredentialFile,
  parseCredentialFile,
  verifyCredential,
} from "@alliance-ledger/sdk";
import type { Database } from "../db/database.js";
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
}

/** What one pull did: records stored, and each batch it looked at with its outcome. */
export interface PullReport {
  received: number;
  batches: Array<{ root: string; issuerId: number; status: InboundStatus; problems?: string[]; error?: string }>;
}

export type InboundStatus = "pending" | "delivered" | "mismatch";

const MAX_BACKOFF_SECONDS = 600;
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
      await p.db.query(
        "inbound.settle",
        `UPDATE inbound_batches SET status = $1, attestations = $2, problems = $3, attempts = $4, next_attempt_at = $5,
         last_error = NULL, updated_at = $6 WHERE root = $7`,
        [
          outcome.problems.length ? "mismatch" : "delivered",
          JSON.stringify(outcome.attestations),
          outcome.problems.length ? JSON.stringify(outcome.problems) : null,
          attempts + 1,
          new Date(now.getTime() + backoffSeconds(attempts + 1) * 1000).toISOString(),
          now.toISOString(),
          root,
        ],
      );
      report.batches.push({
        root,
        issuerId,
        status: outcome.problems.length ? "mismatch" : "delivered",
        ...(outcome.problems.length ? { problems: outcome.problems } : {}),
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

async function pullBatch(p: BatchPull): Promise<{ received: number; problems: string[]; attestations: Attestation[] }> {
  const fetcher = p.fetch ?? fetch;
  const entry = await p.reader.memberGateways!.currentGateway(p.issuerId);
  const base = entry.url.replace(/\/+$/, "");
  const signedGet = async (keys: TransportKeys, path: string) => {
    const url = `${base}${path}`;
    const response = await fetcher(url, { headers: await signRequest(keys, "GET", url) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  };
  const where = `batch ${p.root} of member ${p.issuerId}`;
  const anyKeys = p.keys.values().next().value!;
  const manifest = (await signedGet(anyKeys, `/federation/batches/${p.root}/manifest`)) as {
    attestations?: Attestation[];
  };
  const attestations = manifest.attestations ?? [];
  let rebuilt: string | undefined;
  try {
    rebuilt = buildAttestationTree(attestations).root.toLowerCase();
  } catch {
    rebuilt = undefined;
  }
  if (attestations.length !== p.count || rebuilt !== p.root || attestations.some((a) => a.issuerId !== p.issuerId))
    return {
      received: 0,
      attestations: [],
      problems: [
        `${where}: the manifest (${attestations.length} records) does not rebuild the root and count on chain`,
      ],
    };

  let received = 0;
  const problems: string[] = [];
  for (const [home, keys] of p.keys) {
    const expected = new Map(attestations.filter((a) => a.homeId === home).map((a) => [a.index, a]));
    if (expected.size === 0) continue;
    const sealed = (await signedGet(keys, `/federation/batches/${p.root}/records/${home}`)) as { jwe?: string };
    let files: unknown[];
    try {
      files = (await openEnvelope(String(sealed.jwe), keys.encryptionKey)) as unknown[];
    } catch {
      problems.push(`${where}: the records for member ${home} could not be opened with its key`);
      continue;
    }
    const accepted = new Set<number>();
    for (const raw of Array.isArray(files) ? files : []) {
      const checked = await checkRecord(raw, expected, p);
      if (typeof checked === "string") {
        problems.push(`${where}: ${checked}`);
        continue;
      }
      accepted.add(checked.attestation.index);
      received += await storeRecord(p.db, p.root, checked);
    }
    for (const index of expected.keys())
      if (!accepted.has(index) && !problems.some((x) => x.includes(`record ${index}:`)))
        problems.push(`${where}: record ${index}: tagged for member ${home} in the manifest but not sent (withheld)`);
  }
  return { received, problems, attestations };
}

/** The record if it is the manifest's and verifies against the chain; else why not, naming it. */
async function checkRecord(
  raw: unknown,
  expected: Map<number, Attestation>,
  p: BatchPull,
): Promise<CredentialFile | string> {
  let file: CredentialFile;
  try {
    file = parseCredentialFile(raw);
  } catch {
    return "a record that is not a credential file";
  }
  const index = file.attestation.index;
  const listed = expected.get(index);
  if (
    !listed ||
    attestationLeafHash(listed) !== attestationLeafHash(file.attestation) ||
    file.batchRoot.toLowerCase() !== p.root
  )
    return `record ${index}: not the manifest's record for this home school (mis-tagged)`;
  const result = await verifyCredential(file, p.reader.provider, p.alliance);
  const failed = result.checks.filter((c) => c.outcome === "fail" && c.name !== "notRevoked");
  if (failed.length) return `record ${index}: refused (${failed.map((c) => `${c.name}: ${c.reason}`).join("; ")})`;
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
