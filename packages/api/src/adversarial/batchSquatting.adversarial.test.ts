import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anchorBatch,
  contractErrors,
  merkleRootOfLeaves,
  publishCourse,
  revokeAttestation,
  verifyCredential,
  type AllianceClient,
} from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { anchorPendingBatches } from "../outbox/anchorPendingBatches.js";
import { leafOfRow, type OutboxRow } from "../outbox/outboxRecords.js";
import { createServer } from "../server.js";
import { bothDatabases } from "../testing/bothDatabases.js";

/**
 * Attack 3 at the gateway: a member that sees another's pending anchor (the root is in the transaction
 * pool) sends the same root first. The ledger keys batches by issuer and root, and the batcher counts
 * only its own issuer's batch: the victim's records are anchored under the victim and verify; the
 * squatter's copy gives it nothing over them.
 */
let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  await publishCourse(chain.members[0], {
    code: "SQ1",
    terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 },
  });
});
afterAll(async () => chain?.stop());

describe.each(bothDatabases("gateway_squat_test"))("batch-root squatting on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let signers: Map<number, AllianceClient>;
  let key: string;

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    signers = new Map([[1, chain.members[0]]]);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    key = (await createApiKey(db, { label: "victim", role: "member", memberId: 1 })).key;
  });
  afterAll(async () => (drop ? drop() : db?.close()));

  it("anchors the victim's batch under the victim although a squatter sent its root first", async () => {
    const records = [1, 2, 3].map((i) => ({
      homeId: 2,
      courseId: 1,
      term: 20261,
      credits: 3,
      studentRef: `SQ-${i}`,
      grade: "A",
      completionDate: "2026-07-01",
    }));
    const { ids } = (
      await request(app)
        .post("/attestations")
        .set({ authorization: `Bearer ${key}`, "idempotency-key": `squat-${_name}` })
        .send({ records })
        .expect(202)
    ).body;
    // The squatter computes the root the batcher is about to send, as anyone watching the pool can.
    const pending = await db.query<OutboxRow>(
      "t",
      "SELECT * FROM outbox_attestations WHERE status = 'pending' ORDER BY seq",
    );
    const root = merkleRootOfLeaves(pending.map((r, i) => leafOfRow(r, i)));
    const squatter = chain.members[2];
    await anchorBatch(squatter, { root, count: pending.length });
    expect(Number((await chain.reader.creditLedger.batch(3, root)).issuerId)).toBe(3);

    const report = await anchorPendingBatches({ db, signers });
    expect(report.anchored).toEqual([{ root, issuerId: 1, count: 3 }]);
    expect(Number((await chain.reader.creditLedger.batch(1, root)).issuerId)).toBe(1);

    const file = (
      await request(app)
        .get(`/attestations/${ids[0]}/credential`)
        .set({ authorization: `Bearer ${key}` })
        .expect(200)
    ).body;
    const pinned = { chainId: 31337, creditLedger: chain.reader.addresses.creditLedger };
    expect((await verifyCredential(file, chain.provider, pinned)).valid).toBe(true);
    // Its copy of the root gives the squatter no hold on the victim's records.
    const record = { root, attestation: file.attestation, proof: file.proof };
    await expect(revokeAttestation(squatter, { record, reasonCode: 1 })).rejects.toBeInstanceOf(
      contractErrors.CreditLedgerNotIssuer,
    );
    expect((await verifyCredential(file, chain.provider, pinned)).valid).toBe(true);
  });
});
