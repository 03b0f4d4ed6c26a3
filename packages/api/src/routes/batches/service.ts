import { once } from "node:events";
import { decodeBytes32String, getAddress } from "ethers";
import type { Response } from "express";
import { strToU8, Zip, ZipDeflate } from "fflate";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import { issueCredentialFiles } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { requireMember } from "../../auth/authenticate.js";
import { DomainError } from "../../errors.js";
import { catalogReader } from "../../outbox/checkCatalog.js";
import type { BatchLoader } from "../../outbox/loadBatch.js";
import type { ReadDependencies } from "../deps.js";
import type { BatchQuery } from "./schemas.js";

/** Anchored batches from the read model, optionally one issuer's, newest first; every key may read them. */
export async function listBatches(deps: ReadDependencies, q: BatchQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "batches.list", {
    columns: "*",
    from: "indexed_batches",
    filters: [q.issuerId === undefined ? undefined : ["issuer_id = ?", q.issuerId]],
    orderBy: "block_number DESC, key DESC",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const b = READ_MODEL_TABLES.batches.fromRecord(r);
    return {
      root: b.root,
      issuerId: b.issuerId,
      count: b.count,
      blockNumber: b.blockNumber,
      anchoredBy: getAddress(b.anchoredBy),
    };
  });
  return { total, totalExact, items };
}

/**
 * Every student's credential file of one anchored batch, for its issuer only: the files carry every
 * student's reference, grade and salts, which the secretariat's work never needs.
 */
export async function batchCredentials(
  deps: ReadDependencies & { loadBatch: BatchLoader },
  root: string,
  caller: ApiKeyRecord,
) {
  const { db } = deps;
  const [batch] = await db.query<{ issuer_id: number; status: string }>(
    "batches.get",
    "SELECT issuer_id, status FROM outbox_batches WHERE root = $1",
    [root],
  );
  if (!batch)
    throw new DomainError("batch_not_found", `This gateway holds no batch ${root}.`, [{ field: "root", value: root }]);
  requireMember(caller, Number(batch.issuer_id));
  if (batch.status !== "anchored")
    throw new DomainError("not_anchored_yet", "This batch is not anchored yet; retry shortly.", [
      { status: batch.status },
    ]);
  const { sealed, tree } = await deps.loadBatch(db, root);
  const { chainId } = await deps.provider.getNetwork();
  return {
    batchRoot: root,
    issuerId: Number(batch.issuer_id),
    items: issueCredentialFiles({
      tree,
      sealed,
      chainId: Number(chainId),
      creditLedger: deps.reader.addresses.creditLedger,
    }),
  };
}

/** Credential files compressed between two turns of the event loop: other requests go on meanwhile. */
const ZIP_SLICE = 200;

/**
 * The same credential files as {@link batchCredentials} (same authorisation), as one zip streamed to
 * `res`: each file as the demo names it, by course code and place in the batch (`CS201-01.json`, the
 * number 1-based and zero-padded to the batch's size), never by the student's reference, which file
 * names carry into mail, shares and shell history. The archive is named after the batch.
 */
export async function sendCredentialArchive(
  deps: ReadDependencies & { loadBatch: BatchLoader },
  root: string,
  caller: ApiKeyRecord,
  res: Response,
): Promise<void> {
  const { items } = await batchCredentials(deps, root, caller);
  const catalog = catalogReader(deps.reader);
  const codes = new Map<number, string>();
  for (const courseId of new Set(items.map((f) => Number(f.attestation.courseId))))
    codes.set(courseId, fileNamePart((await catalog.course(courseId))?.code) ?? `course-${courseId}`);
  const width = Math.max(2, String(items.length).length);

  res.status(200);
  res.type("application/zip");
  res.setHeader("content-disposition", `attachment; filename="credentials-${root}.zip"`);
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  let full = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) return void res.destroy(error);
    if (!res.write(chunk)) full = true;
    if (final) res.end();
  });
  for (const [i, file] of items.entries()) {
    if (closed) return;
    const name = `${codes.get(Number(file.attestation.courseId))}-${String(i + 1).padStart(width, "0")}.json`;
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(strToU8(`${JSON.stringify(file, null, 2)}\n`), true);
    if (i % ZIP_SLICE === ZIP_SLICE - 1) {
      if (full) await Promise.race([once(res, "drain"), once(res, "close")]);
      else await new Promise((resolve) => setImmediate(resolve));
      full = false;
    }
  }
  zip.end();
}

/**
 * A course code (bytes32) as part of a file name: letters, digits, dot, dash and underscore, any other
 * character (a slash, a dot-dot) an underscore; undefined for a code that is not text.
 */
function fileNamePart(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    const safe = decodeBytes32String(code)
      .replace(/[^\p{L}\p{N}._-]/gu, "_")
      .replace(/^[.]+/, "")
      .slice(0, 40);
    return safe || undefined;
  } catch {
    return undefined;
  }
}
