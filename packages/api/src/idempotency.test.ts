import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id } from "ethers";
import { publishCourse } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance, openDecidedPeriod } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "./auth/apiKeys.js";
import type { Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { PENDING_TAKEOVER_MS } from "./idempotency.js";
import { createServer } from "./server.js";
import { bothDatabases } from "./testing/bothDatabases.js";
import { custodialSigners } from "./testing/custodialSigners.js";

/**
 * Chain writes through the gateway on a node that mines once a second (as a real network does): the
 * database is never held while the chain works, a concurrent retry never sends a second transaction,
 * a failed write frees its key, and a key left pending by a crashed gateway is taken over.
 */
describe.each(bothDatabases("gateway_idempotency_test"))("chain writes and Idempotency-Key on %s", (_name, makeDb) => {
  let chain: LocalAlliance;
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let periodId: number;
  const keys: Record<string, string> = {};
  const as = (who: string, key: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": key });
  const claim = (reference: string, amount = "1000") => ({
    kind: "cash",
    reference,
    periodId,
    amount,
    evidenceHash: id(reference),
  });

  beforeAll(async () => {
    chain = await startLocalAlliance(2, { blockTimeSeconds: 1 });
    ({ db, drop } = await makeDb());
    await migrate(db);
    const signers = custodialSigners(chain);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    keys.m1 = (await createApiKey(db, { label: "m1", role: "member", memberId: 1 })).key;
    await publishCourse(chain.members[0], {
      code: "IDEM1",
      terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 1n, term: 20261, seats: 20 },
    });
    ({ periodId } = await openDecidedPeriod(chain.secretariat, {
      currency: "CNY",
      shares: [
        { memberId: 1, shareBps: 6000 },
        { memberId: 2, shareBps: 4000 },
      ],
    }));
  }, 60_000);
  afterAll(async () => {
    await drop();
    await chain.stop();
  });

  it("does not hold the database while a chain write waits for its block", async () => {
    const order: string[] = [];
    const slow = request(app)
      .post("/cost-entries")
      .set(as("m1", "slow"))
      .send(claim("SLOW-1"))
      .then((r) => {
        order.push("claim");
        return r;
      });
    await new Promise((r) => setTimeout(r, 100)); // the claim is now waiting for its block
    const fast = request(app)
      .post("/attestations")
      .set(as("m1", "fast"))
      .send({
        records: [
          {
            homeId: 2,
            courseId: 1,
            term: 20261,
            credits: 1,
            studentRef: "F-1",
            grade: "A",
            completionDate: "2026-07-01",
          },
        ],
      })
      .then((r) => {
        order.push("attestation");
        return r;
      });
    const [claimed, accepted] = await Promise.all([slow, fast]);
    expect([claimed.status, accepted.status]).toEqual([201, 202]);
    expect(order).toEqual(["attestation", "claim"]);
  });

  it("answers a concurrent retry with request_in_progress, never a second transaction, then with the first answer", async () => {
    const first = request(app)
      .post("/cost-entries")
      .set(as("m1", "twice"))
      .send(claim("TWICE-1"))
      .then((r) => r); // sent now
    await new Promise((r) => setTimeout(r, 100));
    const concurrent = await request(app).post("/cost-entries").set(as("m1", "twice")).send(claim("TWICE-1"));
    expect([concurrent.status, concurrent.body.error.code]).toEqual([409, "request_in_progress"]);
    const answered = await first;
    expect(answered.status).toBe(201);
    const retried = await request(app).post("/cost-entries").set(as("m1", "twice")).send(claim("TWICE-1")).expect(201);
    expect(retried.body).toEqual(answered.body);
    const claimed = await chain.reader.costLedger.queryFilter(
      chain.reader.costLedger.filters.EntryClaimed(answered.body.entryId),
    );
    expect(claimed).toHaveLength(1);
  });

  it("frees the key when the chain refuses, so the corrected request can use it", async () => {
    const refused = await request(app)
      .post("/cost-entries")
      .set(as("m1", "fix-me"))
      .send({ ...claim("FIX-1"), periodId: 99 })
      .expect(409);
    expect(refused.body.error.code).toBe("cost_ledger_unknown_period");
    expect(await db.query("t", "SELECT idem_key FROM idempotency_keys WHERE idem_key = 'fix-me'")).toEqual([]);
  });

  it("takes over a key a crashed gateway left pending, and books the claim once", async () => {
    // A gateway died after claiming on chain but before storing its answer: the chain has the entry, the books do not.
    const body = claim("CRASH-1");
    const [apiKey] = await db.query<{ id: string }>("t", "SELECT id FROM api_keys WHERE label = 'm1'");
    const sent = await request(app).post("/cost-entries").set(as("m1", "before-crash")).send(body).expect(201);
    await db.query("t", "DELETE FROM cost_entries WHERE entry_id = $1", [sent.body.entryId]);
    const hashOf = (
      await db.query<{ request_hash: string }>(
        "t",
        "SELECT request_hash FROM idempotency_keys WHERE idem_key = 'before-crash'",
      )
    )[0].request_hash;
    await db.query(
      "t",
      "INSERT INTO idempotency_keys (api_key_id, idem_key, request_hash, status, response, created_at) VALUES ($1, 'crashed', $2, 0, '', $3)",
      [apiKey.id, hashOf, new Date().toISOString()],
    );
    expect(
      (await request(app).post("/cost-entries").set(as("m1", "crashed")).send(body).expect(409)).body.error.code,
    ).toBe("request_in_progress");
    await db.query("t", "UPDATE idempotency_keys SET created_at = $1 WHERE idem_key = 'crashed'", [
      new Date(Date.now() - PENDING_TAKEOVER_MS - 1_000).toISOString(),
    ]);
    const recovered = (await request(app).post("/cost-entries").set(as("m1", "crashed")).send(body).expect(200)).body;
    expect(recovered).toMatchObject({ entryId: sent.body.entryId, alreadyRecorded: true });
    expect(await db.query("t", "SELECT reference FROM cost_entries WHERE entry_id = $1", [sent.body.entryId])).toEqual([
      { reference: "CRASH-1" },
    ]);
    expect(
      await chain.reader.costLedger.queryFilter(chain.reader.costLedger.filters.EntryClaimed(sent.body.entryId)),
    ).toHaveLength(1);
  });
});
