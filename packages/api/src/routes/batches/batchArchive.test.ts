import type { Stream } from "node:stream";
import { strFromU8, unzipSync } from "fflate";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AllianceClient, publishCourse, verifyCredential } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { anchorPendingBatches } from "../../outbox/anchorPendingBatches.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  const terms = { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 };
  await publishCourse(chain.members[0], { code: "CS201", terms }); // course 1
  // Course 2: a code a hostile member chose to climb out of the folder the archive is unpacked in.
  await publishCourse(chain.members[0], { code: "../x/学", terms });
}, 120_000);
afterAll(async () => chain?.stop());

/** supertest keeps a zip's bytes as they are. */
const binary = (res: Stream, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => done(null, Buffer.concat(chunks)));
};

describe.each(bothDatabases("gateway_batch_archive_test"))("a batch's credentials as a zip on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let root: string;
  const keys: Record<string, string> = {};
  const as = (who: string, idem?: string) => ({
    authorization: `Bearer ${keys[who]}`,
    ...(idem ? { "idempotency-key": idem } : {}),
  });
  const studentRefs = ["2026-Z-1", "2026-Z-2", "2026-Z-3", "2026-Z-4", "2026-Z-5"];

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    const signers = new Map<number, AllianceClient>([[1, chain.members[0]]]);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    keys.issuer = (await createApiKey(db, { label: "issuer", role: "member", memberId: 1 })).key;
    keys.home = (await createApiKey(db, { label: "home", role: "member", memberId: 2 })).key;
    keys.secretariat = (await createApiKey(db, { label: "sec", role: "secretariat" })).key;
    const records = studentRefs.map((studentRef, i) => ({
      homeId: 2,
      courseId: i < 3 ? 1 : 2,
      term: 20261,
      credits: 3,
      studentRef,
      grade: "A",
      completionDate: "2026-07-01",
    }));
    await request(app).post("/attestations").set(as("issuer", "zip-1")).send({ records }).expect(202);
    const { anchored } = await anchorPendingBatches({ db, signers });
    root = anchored[0].root;
  });
  afterAll(async () => (drop ? drop() : db?.close()));

  it("answers one zip of the JSON answer's files, named by course code and place, never by student", async () => {
    const { items } = (await request(app).get(`/batches/${root}/credentials`).set(as("issuer")).expect(200)).body;
    expect(items).toHaveLength(5);
    const zip = await request(app)
      .get(`/batches/${root}/credentials`)
      .set(as("issuer"))
      .set("accept", "application/zip")
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(zip.headers["content-disposition"]).toBe(`attachment; filename="credentials-${root}.zip"`);
    const files = unzipSync(new Uint8Array(zip.body as Buffer));
    expect(Object.keys(files)).toEqual([
      "CS201-01.json",
      "CS201-02.json",
      "CS201-03.json",
      "_x_学-04.json",
      "_x_学-05.json",
    ]);
    for (const name of Object.keys(files)) {
      expect(name).not.toMatch(/[/\\]|\.\./);
      for (const ref of studentRefs) expect(name).not.toContain(ref);
    }
    const texts = Object.values(files).map((f) => strFromU8(f));
    expect(texts.map((t) => JSON.parse(t))).toEqual(items);
    expect(texts[0]).toBe(`${JSON.stringify(items[0], null, 2)}\n`);
    expect(
      (
        await verifyCredential(JSON.parse(texts[4]), chain.provider, {
          chainId: 31337,
          creditLedger: chain.reader.addresses.creditLedger,
        })
      ).valid,
    ).toBe(true);

    // ?format=zip is the same archive; ?format=json wins over Accept.
    const byQuery = await request(app)
      .get(`/batches/${root}/credentials?format=zip`)
      .set(as("issuer"))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const again = unzipSync(new Uint8Array(byQuery.body as Buffer));
    expect(Object.keys(again)).toEqual(Object.keys(files));
    expect(Object.values(again).map((f) => JSON.parse(strFromU8(f)))).toEqual(items);
    const json = await request(app)
      .get(`/batches/${root}/credentials?format=json`)
      .set(as("issuer"))
      .set("accept", "application/zip")
      .expect(200);
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    expect(json.body.items).toEqual(items);
    await request(app).get(`/batches/${root}/credentials?format=tar`).set(as("issuer")).expect(400);
  });

  it("gives the archive only to the issuing member, and answers every refusal as JSON", async () => {
    for (const ask of [
      (r: request.Test) => r.set("accept", "application/zip"),
      (r: request.Test) => r.query({ format: "zip" }),
    ]) {
      // The home school holds the students' records, yet the batch is not its to hand out.
      const home = await ask(request(app).get(`/batches/${root}/credentials`).set(as("home"))).expect(403);
      expect(home.headers["content-type"]).toMatch(/^application\/json/);
      expect(home.body.error.code).toBe("forbidden_member");
      const sec = await ask(request(app).get(`/batches/${root}/credentials`).set(as("secretariat"))).expect(403);
      expect(sec.body.error.code).toBe("forbidden");
      expect((await ask(request(app).get(`/batches/${root}/credentials`)).expect(401)).body.error.code).toBe(
        "unauthenticated",
      );
      const unknown = `0x${"cd".repeat(32)}`;
      expect(
        (await ask(request(app).get(`/batches/${unknown}/credentials`).set(as("issuer"))).expect(404)).body.error.code,
      ).toBe("batch_not_found");
    }
    const pending = `0x${"ef".repeat(32)}`;
    await db.query(
      "t",
      "INSERT INTO outbox_batches (root, issuer_id, count, status, created_at) VALUES ($1, 1, 1, 'anchoring', $2)",
      [pending, new Date().toISOString()],
    );
    const early = await request(app)
      .get(`/batches/${pending}/credentials`)
      .set(as("issuer"))
      .set("accept", "application/zip")
      .expect(409);
    expect(early.body.error.code).toBe("not_anchored_yet");
  });

  it("documents the zip answer in /openapi.json", async () => {
    const doc = (await request(app).get("/openapi.json").expect(200)).body;
    const op = doc.paths["/batches/{root}/credentials"].get;
    expect(op.responses["200"].content).toEqual({
      "application/json": { schema: { $ref: "#/components/schemas/BatchCredentials" } },
      "application/zip": { schema: { $ref: "#/components/schemas/CredentialArchive" } },
    });
    expect(doc.components.schemas.CredentialArchive).toMatchObject({ type: "string", format: "binary" });
    expect(op.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: "query", name: "format", required: false })]),
    );
  });
});
