import pino from "pino";
import { createMetrics } from "../metrics.js";
import { startBatcher } from "./startBatcher.js";
import { CreditLedger__factory, type AllianceClient } from "@alliance-ledger/sdk";
import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { createSqliteDatabase } from "../db/sqliteDatabase.js";
import { migrate } from "../db/migrate.js";
import { anchorPendingBatches } from "./anchorPendingBatches.js";

/**
 * The batcher's last line of defence, which a real node rarely reaches: the ledger answers "batch
 * exists" although the issuer's own batch cannot be found, or holds another count. That is never our
 * batch anchored: the rows must stay unanchored and the run must fail loudly.
 */
const ledger = CreditLedger__factory.createInterface();
const batchExists = (issuerId: number, root: string) =>
  Object.assign(new Error("execution reverted"), {
    data: ledger.encodeErrorResult("CreditLedgerBatchExists", [issuerId, root]),
  });

/** A custodial client whose chain holds `onChain` (or nothing) for the issuer and refuses every anchor as existing. */
function stubClient(onChain: { count: number } | undefined): AllianceClient {
  return {
    creditLedger: {
      batch: async (issuerId: number) => {
        if (!onChain)
          throw Object.assign(new Error("execution reverted"), {
            data: ledger.encodeErrorResult("CreditLedgerUnknownBatch", [issuerId, id("x")]),
          });
        return { issuerId: BigInt(issuerId), count: BigInt(onChain.count), anchoredAtBlock: 7n, anchoredAt: 0n };
      },
      anchorBatch: async (root: string) => {
        throw batchExists(1, root);
      },
    },
    provider: { getBlock: async (n: number) => ({ number: n, hash: id(`block ${n}`) }) },
  } as unknown as AllianceClient;
}

let db: Database;
beforeAll(async () => {
  db = createSqliteDatabase(":memory:");
  await migrate(db);
});
afterAll(() => db?.close());

async function pendingRows(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await db.query(
      "t",
      `INSERT INTO outbox_attestations (id, seq, issuer_id, home_id, course_id, course_version, term, credits, student_ref, grade, completion_date,
         learner_salt, grade_salt, completion_salt, leaf, status, created_at)
       VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox_attestations), 1, 2, 1, 1, 20261, 300, $2, 'A', '2026-07-01', $3, $4, $5, $6, 'pending', '2026-07-01')`,
      [`${tag}-${i}`, `${tag}-${i}`, id(`l${tag}${i}`), id(`g${tag}${i}`), id(`c${tag}${i}`), id(`leaf${tag}${i}`)],
    );
  }
}
const statuses = async () =>
  (await db.query<{ status: string }>("t", "SELECT status FROM outbox_batches")).map((r) => r.status);

describe("anchorPendingBatches refuses to count a batch that is not its own", () => {
  it("throws, and leaves the batch unanchored, when the ledger says the root exists but the issuer has no such batch", async () => {
    await pendingRows(3, "a");
    await expect(anchorPendingBatches({ db, signers: new Map([[1, stubClient(undefined)]]) })).rejects.toMatchObject({
      errorName: "CreditLedgerBatchExists",
    });
    expect(await statuses()).toEqual(["anchoring"]);
    const rows = await db.query<{ status: string }>("t", "SELECT status FROM outbox_attestations");
    expect(rows.every((r) => r.status === "anchoring")).toBe(true);
  });

  it("counts a failed batcher run in alliance_anchoring_failures_total", async () => {
    const metrics = createMetrics();
    const logger = pino({ level: "silent" });
    const batcher = startBatcher({
      db,
      signers: new Map([[1, stubClient(undefined)]]),
      intervalMs: 60_000,
      logger,
      metrics,
    });
    await batcher.stop(); // waits for the first run, which fails as above
    expect((await metrics.anchoringFailures.get()).values[0].value).toBe(1);
  });

  it("throws when the issuer's batch under that root holds another count", async () => {
    await expect(anchorPendingBatches({ db, signers: new Map([[1, stubClient({ count: 99 })]]) })).rejects.toThrow(
      /on chain with 99 records, the outbox has 3/,
    );
    expect(await statuses()).toEqual(["anchoring"]);
  });

  it("marks it anchored when the issuer's own batch with the same count is there", async () => {
    await anchorPendingBatches({ db, signers: new Map([[1, stubClient({ count: 3 })]]) });
    expect(await statuses()).toEqual(["anchored"]);
    // With the hash of the block that holds it, which later vouches that the node still has it.
    expect(await db.query("t", "SELECT anchored_block, anchored_block_hash FROM outbox_batches")).toEqual([
      { anchored_block: 7, anchored_block_hash: id("block 7") },
    ]);
  });
});
