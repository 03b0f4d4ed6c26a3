import { JsonRpcProvider } from "ethers";
import iconv from "iconv-lite";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAllianceClient, publishCourse, verifyCredential, type AllianceClient } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance, type LocalAlliance, openDecidedPeriod } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { anchorPendingBatches } from "../../outbox/anchorPendingBatches.js";
import { ROSTER_BATCH_MIN } from "./service.js";
import { verifyAnchoredBatches } from "../../outbox/verifyAnchoredBatches.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  await publishCourse(chain.members[0], {
    code: "OUT1",
    terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 },
  });
}, 120_000);
afterAll(async () => chain?.stop());

const record = (i: number) => ({
  homeId: 2,
  courseId: 1,
  term: 20261,
  credits: 3,
  studentRef: `2026-B-${i}`,
  grade: "A",
  completionDate: "2026-07-01",
});

async function anchoredCount(root: string) {
  return (await chain.reader.creditLedger.queryFilter(chain.reader.creditLedger.filters.BatchAnchored(root))).length;
}

describe.each(bothDatabases("gateway_outbox_test"))("attestations through the outbox on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let signers: Map<number, AllianceClient>;
  const keys: Record<string, string> = {};
  const as = (who: string, idem?: string) => ({
    authorization: `Bearer ${keys[who]}`,
    ...(idem ? { "idempotency-key": idem } : {}),
  });

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    signers = new Map([
      [1, chain.members[0]],
      [2, chain.members[1]],
      [3, chain.members[2]],
    ]);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    keys.host = (await createApiKey(db, { label: "host", role: "member", memberId: 1 })).key;
    keys.home = (await createApiKey(db, { label: "home", role: "member", memberId: 2 })).key;
    keys.other = (await createApiKey(db, { label: "other", role: "member", memberId: 3 })).key;
    keys.viewer = (await createApiKey(db, { label: "viewer", role: "readonly" })).key;
  });
  afterAll(async () => (drop ? drop() : db?.close()));

  it("accepts a roster once, replays a retry, and refuses a reused key with another body", async () => {
    const first = await request(app)
      .post("/attestations")
      .set(as("host", "roster-1"))
      .send({ records: [record(1), record(2), record(3)] })
      .expect(202);
    expect(first.body.accepted).toBe(3);
    const retry = await request(app)
      .post("/attestations")
      .set(as("host", "roster-1"))
      .send({ records: [record(1), record(2), record(3)] })
      .expect(202);
    expect(retry.body).toEqual(first.body);
    const reused = await request(app)
      .post("/attestations")
      .set(as("host", "roster-1"))
      .send({ records: [record(9)] })
      .expect(409);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    const [{ n }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations");
    expect(Number(n)).toBe(3);
  });

  it("refuses writes without an idempotency key, invalid records (naming record and field), and non-member keys", async () => {
    expect(
      (
        await request(app)
          .post("/attestations")
          .set(as("host"))
          .send({ records: [record(1)] })
          .expect(400)
      ).body.error.code,
    ).toBe("idempotency_key_required");
    const bad = await request(app)
      .post("/attestations")
      .set(as("host", "bad-1"))
      .send({ records: [record(1), { ...record(2), credits: -5 }] })
      .expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: "records.1.credits" })]);
    expect(
      (
        await request(app)
          .post("/attestations")
          .set(as("viewer", "v-1"))
          .send({ records: [record(1)] })
          .expect(403)
      ).body.error.code,
    ).toBe("forbidden");
  });

  it("accepts a CSV roster from a spreadsheet, and names the line and column of every bad cell", async () => {
    const csv =
      "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,,20261,2.5,2026-C-1,A,2026-07-02\n2,1,1,20261,3,2026-C-2,B+,2026-07-02\n";
    const ok = await request(app)
      .post("/attestations")
      .set(as("host", "csv-1"))
      .set("content-type", "text/csv")
      .send(csv)
      .expect(202);
    expect(ok.body.accepted).toBe(2);
    const [row] = await db.query<{ credits: number }>("t", "SELECT credits FROM outbox_attestations WHERE id = $1", [
      ok.body.ids[0],
    ]);
    expect(Number(row.credits)).toBe(250);

    const bad =
      "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,1,20261,2.555,X,A,2026-07-02\n2,x,1,20261,3,Y,A,2026-13-40\n";
    const refused = await request(app)
      .post("/attestations")
      .set(as("host", "csv-2"))
      .set("content-type", "text/csv")
      .send(bad)
      .expect(400);
    expect(refused.body.error.code).toBe("invalid_csv");
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: "credits" }),
        expect.objectContaining({ row: 3, column: "courseId" }),
      ]),
    );
    const dates = await request(app)
      .post("/attestations")
      .set(as("host", "csv-3"))
      .set("content-type", "text/csv")
      .send(bad.replace("2.555", "2.5").replace(",x,", ",1,"))
      .expect(400);
    expect(dates.body.error.details).toEqual([expect.objectContaining({ row: 3, column: "completionDate" })]);
    const header = await request(app)
      .post("/attestations")
      .set(as("host", "csv-4"))
      .set("content-type", "text/csv")
      .send("homeId,credits\n2,3\n")
      .expect(400);
    expect(header.body.error.details).toEqual(expect.arrayContaining([{ row: 1, column: "courseId" }]));
    await request(app)
      .post("/attestations")
      .set(as("host", "csv-5"))
      .set("content-type", "text/csv")
      .send('homeId,"unclosed\n')
      .expect(400);
  });

  it("anchors pending records as one batch and serves verifiable credentials to the issuer and the home school", async () => {
    const { body } = await request(app)
      .post("/attestations")
      .set(as("host", "roster-2"))
      .send({ records: [record(4)] })
      .expect(202);
    expect(
      (await request(app).get(`/attestations/${body.ids[0]}/credential`).set(as("host")).expect(409)).body.error.code,
    ).toBe("not_anchored_yet");
    // A pending row's leaf is a placeholder unique by its id: the leaf binds the index, set at placement.
    const [pending] = await db.query<{ leaf: string }>("t", "SELECT leaf FROM outbox_attestations WHERE id = $1", [
      body.ids[0],
    ]);
    expect(pending.leaf).toBe(`pending:${body.ids[0]}`);
    const report = await anchorPendingBatches({ db, signers });
    expect(report.anchored).toEqual([expect.objectContaining({ issuerId: 1, count: 6 })]);
    // Placed set-based: every row of the batch got its index and the leaf the batch's leaf list has there.
    const [{ leaves }] = await db.query<{ leaves: string }>("t", "SELECT leaves FROM outbox_batches WHERE root = $1", [
      report.anchored[0].root,
    ]);
    const placed = await db.query<{ batch_index: number; leaf: string }>(
      "t",
      "SELECT batch_index, leaf FROM outbox_attestations WHERE batch_root = $1 ORDER BY batch_index",
      [report.anchored[0].root],
    );
    expect(placed.map((r) => [Number(r.batch_index), r.leaf])).toEqual(
      (JSON.parse(leaves) as string[]).map((leaf, i) => [i, leaf]),
    );
    const file = (await request(app).get(`/attestations/${body.ids[0]}/credential`).set(as("home")).expect(200)).body;
    expect(
      (
        await verifyCredential(file, chain.provider, {
          chainId: 31337,
          creditLedger: chain.reader.addresses.creditLedger,
        })
      ).valid,
    ).toBe(true);
    expect(file.disclosures.learner.value).toBe("2026-B-4");
    expect(
      (await request(app).get(`/attestations/${body.ids[0]}/credential`).set(as("other")).expect(403)).body.error.code,
    ).toBe("forbidden_member");
    expect(await anchoredCount(report.anchored[0].root)).toBe(1);

    // The issuer takes the whole batch's credential files at once; each is the one served singly.
    const root = report.anchored[0].root;
    const all = (await request(app).get(`/batches/${root}/credentials`).set(as("host")).expect(200)).body;
    expect(all.items).toHaveLength(6);
    expect(all.items).toContainEqual(file);
    expect(
      new Set(all.items.map((f: { disclosures: { learner: { value: string } } }) => f.disclosures.learner.value)).size,
    ).toBe(6);
    expect(
      (
        await verifyCredential(all.items[5], chain.provider, {
          chainId: 31337,
          creditLedger: chain.reader.addresses.creditLedger,
        })
      ).valid,
    ).toBe(true);
    expect((await request(app).get(`/batches/${root}/credentials`).set(as("home")).expect(403)).body.error.code).toBe(
      "forbidden_member",
    );
    expect(
      (
        await request(app)
          .get(`/batches/0x${"ab".repeat(32)}/credentials`)
          .set(as("host"))
          .expect(404)
      ).body.error.code,
    ).toBe("batch_not_found");
    await request(app).get("/batches/0x12/credentials").set(as("host")).expect(400);
  });

  it("gives the home school an inbox and records its decisions on chain, mapping contract refusals to named codes", async () => {
    const inbox = (await request(app).get("/recognitions/inbox").set(as("home")).expect(200)).body.items as Array<{
      id: string;
      studentRef: string;
    }>;
    expect(inbox.length).toBeGreaterThanOrEqual(6);
    const paged = (await request(app).get("/recognitions/inbox?limit=2&offset=1").set(as("home")).expect(200)).body;
    expect([paged.total, paged.items.map((i: { id: string }) => i.id)]).toEqual([
      inbox.length,
      [inbox[1].id, inbox[2].id],
    ]);
    expect((await request(app).get("/recognitions/inbox?issuerId=99").set(as("home")).expect(200)).body).toEqual({
      items: [],
      total: 0,
      totalExact: true,
    });
    await request(app).get("/recognitions/inbox?limit=501").set(as("home")).expect(400);
    const [first, second, third] = inbox;
    if (Number(await chain.reader.costLedger.openPeriodId()) === 0) {
      const refused = await request(app)
        .post("/recognitions")
        .set(as("home", "rec-0"))
        .send({ decisions: [{ attestationId: first.id, decision: "accept" }] })
        .expect(409);
      expect(refused.body.error.code).toBe("cost_ledger_no_open_period");
      await openDecidedPeriod(chain.secretariat, {
        currency: "CNY",
        shares: [
          { memberId: 1, shareBps: 4000 },
          { memberId: 2, shareBps: 3000 },
          { memberId: 3, shareBps: 3000 },
        ],
      });
    }
    const body = {
      decisions: [
        { attestationId: first.id, decision: "accept" },
        {
          attestationId: second.id,
          decision: "convert",
          recognisedCredits: 2,
          localCourse: "LOCAL-1",
          conversionRule: "map-2026",
        },
        { attestationId: third.id, decision: "reject", reasonCode: 4 },
      ],
    };
    // One record decided twice in one request is named before anything reaches the chain.
    const twice = await request(app)
      .post("/recognitions")
      .set(as("home", "rec-dup"))
      .send({ decisions: [...body.decisions, { attestationId: first.id, decision: "reject", reasonCode: 1 }] })
      .expect(400);
    expect(twice.body.error).toMatchObject({
      code: "duplicate_decision",
      details: [{ field: "decisions.3.attestationId" }],
    });
    const decided = await request(app).post("/recognitions").set(as("home", "rec-1")).send(body).expect(200);
    expect(decided.body.decided).toBe(3);
    expect((await request(app).post("/recognitions").set(as("home", "rec-1")).send(body).expect(200)).body).toEqual(
      decided.body,
    );
    const after = (await request(app).get("/recognitions/inbox").set(as("home")).expect(200)).body.items as Array<{
      id: string;
    }>;
    expect(after.map((i) => i.id)).not.toContain(first.id);
    expect(after).toHaveLength(inbox.length - 3);
    const again = await request(app)
      .post("/recognitions")
      .set(as("home", "rec-2"))
      .send({ decisions: [{ attestationId: first.id, decision: "accept" }] })
      .expect(409);
    expect(again.body.error.code).toBe("credit_ledger_already_decided");
    const notMine = await request(app)
      .post("/recognitions")
      .set(as("other", "rec-3"))
      .send({ decisions: [{ attestationId: after[0].id, decision: "accept" }] })
      .expect(404);
    expect(notMine.body.error.details).toEqual([{ field: "decisions.0.attestationId" }]);
    expect(
      (
        await request(app)
          .post("/recognitions")
          .set(as("home", "rec-4"))
          .send({ decisions: [{ attestationId: "x", decision: "maybe" }] })
          .expect(400)
      ).body.error.code,
    ).toBe("validation_failed");
  });

  it("anchors again what the node lost (a node restored from an older state)", async () => {
    const snapshot = await chain.provider.send("evm_snapshot", []);
    const { body } = await request(app)
      .post("/attestations")
      .set(as("host", "roster-lost"))
      .send({ records: [record(7)] })
      .expect(202);
    const { anchored } = await anchorPendingBatches({ db, signers });
    const root = anchored[0].root;
    await chain.provider.send("evm_revert", [snapshot]); // the node forgets the anchor
    expect(await anchoredCount(root)).toBe(0);
    const check = await verifyAnchoredBatches({ db, reader: chain.reader });
    expect(check.lost).toEqual([root]);
    await anchorPendingBatches({ db, signers });
    expect(await anchoredCount(root)).toBe(1);
    const file = (await request(app).get(`/attestations/${body.ids[0]}/credential`).set(as("host")).expect(200)).body;
    expect(
      (
        await verifyCredential(file, chain.provider, {
          chainId: 31337,
          creditLedger: chain.reader.addresses.creditLedger,
        })
      ).valid,
    ).toBe(true);
    // Every anchoring block still on chain vouches for its batches: nothing is looked up one by one.
    expect(await verifyAnchoredBatches({ db, reader: chain.reader })).toEqual({ checked: 0, lost: [] });
  });

  it("loses and duplicates nothing when the gateway dies before or after sending the anchor", async () => {
    await request(app)
      .post("/attestations")
      .set(as("host", "roster-3"))
      .send({ records: [record(5), record(6)] })
      .expect(202);
    // Dies before sending: the batch is committed as "anchoring", the transaction never reaches the chain.
    const deadProvider = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: true });
    const dead = createAllianceClient({ runner: devWallet(1, deadProvider), addresses: chain.reader.addresses });
    await expect(anchorPendingBatches({ db, signers: new Map([[1, dead]]) })).rejects.toThrow();
    deadProvider.destroy();
    const [stuck] = await db.query<{ root: string }>("t", "SELECT root FROM outbox_batches WHERE status = 'anchoring'");
    expect(await anchoredCount(stuck.root)).toBe(0);

    const recovered = await anchorPendingBatches({ db, signers });
    expect(recovered.recovered).toBe(1);
    expect(await anchoredCount(stuck.root)).toBe(1);

    // Dies after sending, before recording it: on restart the chain already has the root.
    await db.query("t", "UPDATE outbox_batches SET status = 'anchoring' WHERE root = $1", [stuck.root]);
    await db.query("t", "UPDATE outbox_attestations SET status = 'anchoring' WHERE batch_root = $1", [stuck.root]);
    await anchorPendingBatches({ db, signers });
    expect(await anchoredCount(stuck.root)).toBe(1);
    const rows = await db.query<{ status: string }>(
      "t",
      "SELECT status FROM outbox_attestations WHERE batch_root = $1",
      [stuck.root],
    );
    expect(rows.map((r) => r.status)).toEqual(["anchored", "anchored"]);
  });

  it("places a roster of 256 or more records in its own batch as it accepts it, and anchors it whole", async () => {
    const roster = Array.from({ length: ROSTER_BATCH_MIN + 44 }, (_, i) => record(1_000 + i));
    const { body } = await request(app).post("/attestations").set(as("host", "roster-300")).send({ records: roster });
    expect(body.accepted).toBe(300);
    const [placed] = await db.query<{ root: string; count: number; status: string }>(
      "t",
      "SELECT root, count, status FROM outbox_batches WHERE status = 'placed'",
    );
    expect([Number(placed.count), placed.status]).toEqual([300, "placed"]);
    const rows = await db.query<{ id: string; batch_index: number; status: string }>(
      "t",
      "SELECT id, batch_index, status FROM outbox_attestations WHERE batch_root = $1 ORDER BY batch_index",
      [placed.root],
    );
    expect(rows.map((r) => r.id)).toEqual(body.ids); // in submission order, each at its index
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["anchoring"]));

    const run = await anchorPendingBatches({ db, signers });
    expect(run.anchored).toEqual([{ root: placed.root, issuerId: 1, count: 300 }]);
    expect(await anchoredCount(placed.root)).toBe(1);
    const file = (await request(app).get(`/attestations/${body.ids[299]}/credential`).set(as("home")).expect(200)).body;
    const verified = await verifyCredential(file, chain.provider, {
      chainId: 31337,
      creditLedger: chain.reader.addresses.creditLedger,
    });
    expect(verified.valid).toBe(true);
    expect(file.disclosures.learner.value).toBe("2026-B-1299");
  });

  it("reads a roster saved in GBK with its Chinese intact, and refuses one it cannot decode without storing it", async () => {
    const csv =
      "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,1,20261,3,学生-甲,优秀,2026-07-02\n";
    const ok = await request(app)
      .post("/attestations")
      .set(as("host", "csv-gbk"))
      .set("content-type", "text/csv")
      .send(iconv.encode(csv, "gbk"))
      .expect(202);
    const [row] = await db.query<{ student_ref: string; grade: string }>(
      "t",
      "SELECT student_ref, grade FROM outbox_attestations WHERE id = $1",
      [ok.body.ids[0]],
    );
    expect([row.student_ref, row.grade]).toEqual(["学生-甲", "优秀"]);

    const [{ n: before }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations");
    const garbled = Buffer.concat([
      Buffer.from(csv.split("\n")[0]),
      Buffer.from([0x0a, 0x32, 0x2c, 0xff, 0xfe, 0x80, 0x0a]),
    ]);
    const refused = await request(app)
      .post("/attestations")
      .set(as("host", "csv-garbled"))
      .set("content-type", "text/csv")
      .send(garbled)
      .expect(400);
    expect(refused.body.error.code).toBe("roster_encoding_unknown");
    const [{ n: after }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations");
    expect(Number(after)).toBe(Number(before));
  });
});
