import { publishCourse } from "@alliance-ledger/sdk";
import { type LocalAlliance, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { indexChain } from "../../indexer/indexChain.js";
import { anchorPendingBatches } from "../../outbox/anchorPendingBatches.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";

/**
 * What the console reads besides the lists it shares with the CLI: an issuer's records of a batch with
 * their revocation, the periods, and what a verified credential says, named; each only for whom it may.
 */
/** Published through the SDK, not the gateway: the gateway holds only its hash until someone hands it the text. */
const WEB1_TEXT = "网页设计基础\n48 学时，含实验。";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  await publishCourse(chain.members[0], {
    code: "WEB1",
    terms: { metadata: WEB1_TEXT, credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 },
  });
}, 120_000);
afterAll(async () => chain?.stop());

const record = (ref: string, grade: string) => ({
  homeId: 2,
  courseId: 1,
  term: 20261,
  credits: 2.5,
  studentRef: ref,
  grade,
  completionDate: "2026-07-01",
});

describe.each(bothDatabases("gateway_console_reads_test"))("the console's reads on %s", (dbName, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  const keys: Record<string, string> = {};
  let seq = 0;
  const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `c-${++seq}-${who}` });
  let root: string;
  let ids: string[];

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    const signers = new Map([
      [0, chain.secretariat],
      [1, chain.members[0]],
      [2, chain.members[1]],
    ]);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    keys.issuer = (await createApiKey(db, { label: "issuer", role: "member", memberId: 1 })).key;
    keys.home = (await createApiKey(db, { label: "home", role: "member", memberId: 2 })).key;
    keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
    ({ ids } = (
      await request(app)
        .post("/attestations")
        .set(as("issuer"))
        .send({ records: [record("WEB-1", "优秀"), record("WEB-2", "良好")] })
        .expect(202)
    ).body);
    root = (await anchorPendingBatches({ db, signers })).anchored[0].root;
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
  }, 120_000);
  afterAll(async () => drop());

  it("lists a batch's records to its issuer only, and shows a revocation once it is on chain", async () => {
    const page = (await request(app).get(`/records?batchRoot=${root}`).set(as("issuer")).expect(200)).body;
    expect(page).toMatchObject({ total: 2, totalExact: true });
    expect(
      page.items.map((r: { studentRef: string; grade: string; index: number; credits: number }) => [
        r.index,
        r.studentRef,
        r.grade,
        r.credits,
      ]),
    ).toEqual([
      [0, "WEB-1", "优秀", 2.5],
      [1, "WEB-2", "良好", 2.5],
    ]);
    expect(page.items[0]).toMatchObject({ id: ids[0], revoked: false, reasonCode: null });
    // The home school sees its students in its inbox, not here: another school's batch is an empty page.
    expect((await request(app).get(`/records?batchRoot=${root}`).set(as("home")).expect(200)).body.total).toBe(0);
    await request(app).get(`/records?batchRoot=${root}`).set(as("secretariat")).expect(403);
    await request(app).get("/records?batchRoot=0x12").set(as("issuer")).expect(400);
    // One student's records across batches (a correction's candidates), only the issuer's own.
    const student = (await request(app).get("/records?studentRef=WEB-2").set(as("issuer")).expect(200)).body;
    expect(student.items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    expect((await request(app).get("/records?studentRef=WEB-2").set(as("home")).expect(200)).body.total).toBe(0);
    const neither = await request(app).get("/records").set(as("issuer")).expect(400);
    expect(neither.body.error.code).toBe("validation_failed");

    await request(app).post(`/attestations/${ids[0]}/revoke`).set(as("issuer")).send({ reasonCode: 7 }).expect(200);
    const after = (await request(app).get(`/records?batchRoot=${root}`).set(as("issuer")).expect(200)).body;
    expect(after.items.map((r: { revoked: boolean; reasonCode: number | null }) => [r.revoked, r.reasonCode])).toEqual([
      [true, 7],
      [false, null],
    ]);
  });

  it("names the schools and course of a verified credential of this alliance, and of no other", async () => {
    const file = (await request(app).get(`/attestations/${ids[1]}/credential`).set(as("issuer")).expect(200)).body;
    const ours = (await request(app).post("/credentials/verify").send(file).expect(200)).body;
    expect(ours.valid).toBe(true);
    const [issuer, home] = await Promise.all([chain.reader.registry.member(1), chain.reader.registry.member(2)]);
    expect(ours.about).toEqual({
      issuer: { memberId: 1, name: issuer.name },
      home: { memberId: 2, name: home.name },
      course: { courseId: 1, version: 1, code: "WEB1", title: null },
      term: 20261,
      credits: 2.5,
      grade: "良好",
      completionDate: "2026-07-01",
    });
    // A look-alike naming another ledger must not borrow our members' names or grades.
    const foreign = { ...file, creditLedger: "0x000000000000000000000000000000000000dEaD" };
    const theirs = (await request(app).post("/credentials/verify").send(foreign).expect(200)).body;
    expect(theirs.valid).toBe(false);
    expect(theirs.about.issuer).toEqual({ memberId: 1, name: null });
    expect(theirs.about.course.code).toBeNull();
    // A grade changed after issue does not open its commitment: the page does not show it as the record's.
    const altered = {
      ...file,
      disclosures: { ...file.disclosures, grade: { ...file.disclosures.grade, value: "优秀" } },
    };
    const tampered = (await request(app).post("/credentials/verify").send(altered).expect(200)).body;
    expect(tampered.valid).toBe(false);
    expect(tampered.about.grade).toBeNull();
  });

  it("keeps a course's title only as the text whose hash is on chain, from whoever hands it in", async () => {
    const listed = async () =>
      (await request(app).get("/courses").set(as("home")).expect(200)).body.items as Array<{
        code: string;
        title: string | null;
      }>;
    expect((await listed()).find((c) => c.code === "WEB1")?.title).toBeNull();
    // A hostile key cannot give the course other words, nor invent a version.
    const wrong = await request(app)
      .put("/courses/1/versions/1/text")
      .set(as("home"))
      .send({ text: "网页设计基础（已停开）" })
      .expect(409);
    expect(wrong.body.error.code).toBe("course_text_mismatch");
    const missing = await request(app).put("/courses/1/versions/9/text").set(as("home")).send({ text: WEB1_TEXT });
    expect([missing.status, missing.body.error.code]).toEqual([404, "course_version_not_found"]);
    expect((await listed()).find((c) => c.code === "WEB1")?.title).toBeNull();

    // The published text is kept by anyone's hand, and the title is its first line.
    const kept = await request(app).put("/courses/1/versions/1/text").set(as("home")).send({ text: WEB1_TEXT });
    expect([kept.status, kept.body]).toEqual([200, { courseId: 1, version: 1, title: "网页设计基础" }]);
    await request(app).put("/courses/1/versions/1/text").set(as("issuer")).send({ text: WEB1_TEXT }).expect(200);
    expect((await listed()).find((c) => c.code === "WEB1")?.title).toBe("网页设计基础");
    const file = (await request(app).get(`/attestations/${ids[1]}/credential`).set(as("issuer")).expect(200)).body;
    const verified = (await request(app).post("/credentials/verify").send(file).expect(200)).body;
    expect(verified.about.course).toEqual({ courseId: 1, version: 1, code: "WEB1", title: "网页设计基础" });

    // A course published through the gateway is listed with its title at once.
    await request(app)
      .post("/courses")
      .set(as("issuer"))
      .send({
        code: `WEB2-${dbName}`, // one chain for both databases: a code is published once
        metadata: "交互设计\n32 学时",
        credits: 2,
        contactHours: 32,
        feePerCredit: "100",
        term: 20261,
        seats: 20,
      })
      .expect(201);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await listed()).find((c) => c.code === `WEB2-${dbName}`)?.title).toBe("交互设计");
  });

  it("lists periods newest first with their currency, shares and whether closed", async () => {
    const shares = [
      { memberId: 1, shareBps: 5000 },
      { memberId: 2, shareBps: 3000 },
      { memberId: 3, shareBps: 2000 },
    ];
    // The council decides the charter's investment shares; periods open with them.
    await request(app).post("/proposals").set(as("secretariat")).send({ action: "decideShares", shares }).expect(201);
    const { periodId } = (
      await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY", shares }).expect(201)
    ).body;
    const page = (await request(app).get("/periods").set(as("home")).expect(200)).body;
    expect(page.items[0]).toEqual({ periodId, currency: "CNY", closed: false, shares, reportHash: null });
    await request(app).post(`/periods/${periodId}/close`).set(as("secretariat")).expect(200);
    const closed = (await request(app).get("/periods").set(as("home")).expect(200)).body.items[0];
    expect(closed).toMatchObject({ periodId, closed: true, reportHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  });
});
