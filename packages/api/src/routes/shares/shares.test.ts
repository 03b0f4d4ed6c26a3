import { publishCourse } from "@alliance-ledger/sdk";
import { type LocalAlliance, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import pino from "pino";
import QRCode from "qrcode";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { anchorPendingBatches } from "../../outbox/anchorPendingBatches.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";
import { MAX_LIVE_SHARES } from "./service.js";

/**
 * Share links: only a credential that verifies is kept, without the openings its holder hid; the link
 * opens it until it expires, then says so.
 */
let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(2);
  await publishCourse(chain.members[0], {
    code: "SHR1",
    terms: { metadata: "分享课程", credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 },
  });
}, 120_000);
afterAll(async () => chain?.stop());

const GRADE = "优秀-秘密成绩";
const DATE = "2026-07-03";

describe.each(bothDatabases("gateway_shares_test"))("share links on %s", (_dbName, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let file: { disclosures: Record<string, { value: string; salt: string } | undefined>; [k: string]: unknown };
  const rows = async () =>
    db.query<{ token: string; credential: string; expires_at: string }>(
      "test.shares",
      "SELECT token, credential, expires_at FROM credential_shares",
    );

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    const signers = new Map([[1, chain.members[0]]]);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    const issuer = `Bearer ${(await createApiKey(db, { label: "issuer", role: "member", memberId: 1 })).key}`;
    const record = {
      homeId: 2,
      courseId: 1,
      term: 20261,
      credits: 2.5,
      studentRef: "S-1",
      grade: GRADE,
      completionDate: DATE,
    };
    const { ids } = (
      await request(app)
        .post("/attestations")
        .set({ authorization: issuer, "idempotency-key": "share-1" })
        .send({ records: [record] })
        .expect(202)
    ).body;
    await anchorPendingBatches({ db, signers });
    file = (await request(app).get(`/attestations/${ids[0]}/credential`).set({ authorization: issuer }).expect(200))
      .body;
  }, 120_000);
  afterAll(async () => drop());

  it("shares a credential with the grade hidden: the link opens a copy without it that still verifies", async () => {
    const created = await request(app)
      .post("/shares")
      .send({ credential: file, hide: ["grade"], expiresInDays: 30 })
      .expect(201);
    const { token, url, expiresAt } = created.body;
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits, base64url
    expect(url).toBe(`/verify?share=${token}`);
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const shared = await request(app).get(`/shares/${token}`).expect(200);
    expect(shared.headers["cache-control"]).toBe("no-store");
    expect(shared.body.expiresAt).toBe(expiresAt);
    expect(shared.body.hidden).toEqual(["grade"]);
    expect(shared.body.credential.disclosures.grade).toBeUndefined();
    expect(shared.body.credential.disclosures.completionDate.value).toBe(DATE);
    expect(JSON.stringify(shared.body)).not.toContain(GRADE);
    const verified = (await request(app).post("/credentials/verify").send(shared.body.credential).expect(200)).body;
    expect(verified.valid).toBe(true);
    expect(verified.about).toMatchObject({ grade: null, completionDate: DATE, credits: 2.5 });

    // Neither the grade nor its salt reached the gateway's disk.
    const [row] = (await rows()).filter((r) => r.token === token);
    expect(row.credential).not.toContain(GRADE);
    expect(row.credential).not.toContain(file.disclosures.grade!.salt);
    expect(row.expires_at).toBe(expiresAt);

    // The same credential shared twice is two links, each on its own.
    const again = (await request(app).post("/shares").send({ credential: file, expiresInDays: 1 }).expect(201)).body;
    expect(again.token).not.toBe(token);
    expect((await request(app).get(`/shares/${again.token}`).expect(200)).body.hidden).toEqual([]);
  });

  it("hides every opening on request, the student number too, and the rest still verifies", async () => {
    const { token } = (
      await request(app)
        .post("/shares")
        .send({ credential: file, hide: ["learner", "grade", "completionDate"], expiresInDays: 7 })
        .expect(201)
    ).body;
    const shared = (await request(app).get(`/shares/${token}`).expect(200)).body;
    expect(shared.hidden).toEqual(["learner", "grade", "completionDate"]);
    expect(Object.keys(shared.credential.disclosures)).toEqual([]);
    const stored = await db.query<{ credential: string }>(
      "t",
      "SELECT credential FROM credential_shares WHERE token = $1",
      [token],
    );
    expect(stored[0].credential).not.toContain(file.disclosures.learner!.value);
    expect((await request(app).post("/credentials/verify").send(shared.credential).expect(200)).body.valid).toBe(true);
  });

  it("refuses anything that is not a valid credential of this alliance, and stores nothing", async () => {
    const before = (await rows()).length;
    const refuse = async (body: object, status: number, code: string) => {
      const res = await request(app).post("/shares").send(body);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      return res.body.error;
    };
    // Someone's JSON garbage, in the credential's place or beside it.
    await refuse(
      { credential: { hello: "world", blob: "x".repeat(10_000) }, expiresInDays: 30 },
      400,
      "invalid_credential_file",
    );
    await refuse({ credential: file, expiresInDays: 30, extra: "x" }, 400, "validation_failed");
    await refuse({ credential: { ...file, note: "free storage" }, expiresInDays: 30 }, 400, "invalid_credential_file");
    // A grade changed after issue, or a look-alike naming another ledger: the failed checks are named.
    const tampered = {
      ...file,
      disclosures: { ...file.disclosures, grade: { ...file.disclosures.grade, value: "满分" } },
    };
    const error = await refuse({ credential: tampered, expiresInDays: 30 }, 422, "credential_not_valid");
    expect(error.details.map((d: { check: string }) => d.check)).toContain("disclosures");
    const foreign = { ...file, creditLedger: "0x000000000000000000000000000000000000dEaD" };
    const theirs = await refuse({ credential: foreign, expiresInDays: 30 }, 422, "credential_not_valid");
    expect(theirs.details.map((d: { check: string }) => d.check)).toContain("deployment");
    // Expiry within 1..365 days, and only the openings that may be hidden.
    await refuse({ credential: file, expiresInDays: 0 }, 400, "validation_failed");
    await refuse({ credential: file, expiresInDays: 366 }, 400, "validation_failed");
    await refuse({ credential: file, expiresInDays: 30, hide: ["studentName"] }, 400, "validation_failed");
    // Over the body limit.
    await refuse({ credential: file, expiresInDays: 30, pad: "x".repeat(300_000) }, 413, "body_too_large");
    expect((await rows()).length).toBe(before);
  });

  it("points the link and its QR code at the configured public URL, else at the address the request reached", async () => {
    const qrOf = (link: string) => QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    const svgText = (res: request.Response) => (res.body instanceof Buffer ? res.body.toString("utf8") : res.text);
    // Shared from the registrar's intranet address for the gateway.
    const shareFrom = async (gateway: typeof app) =>
      (
        await request(gateway)
          .post("/shares")
          .set("host", "10.8.0.5:3000")
          .send({ credential: file, expiresInDays: 2 })
          .expect(201)
      ).body;
    // No public URL configured: the link keeps that address.
    const local = await shareFrom(app);
    expect(local.link).toBe(`http://10.8.0.5:3000/verify?share=${local.token}`);
    const localQr = await request(app).get(`/shares/${local.token}/qr.svg`).set("host", "10.8.0.5:3000").expect(200);
    expect(svgText(localQr)).toBe(await qrOf(local.link));

    // ALLIANCE_PUBLIC_URL set: an intranet address (or a forged Host) never reaches the employer's link.
    const publicApp = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers: new Map([[1, chain.members[0]]]),
      logger: pino({ level: "silent" }),
      linkOrigin: "https://ledger.alliance.edu.cn",
    });
    const shared = await shareFrom(publicApp);
    expect(shared.link).toBe(`https://ledger.alliance.edu.cn/verify?share=${shared.token}`);
    const qr = await request(publicApp).get(`/shares/${shared.token}/qr.svg`).set("host", "evil.example").expect(200);
    expect(svgText(qr)).toBe(await qrOf(shared.link));
    expect(svgText(qr)).not.toBe(await qrOf(`http://evil.example/verify?share=${shared.token}`));
  });

  it("answers 410 share_expired once past expiry, 404 for an unknown token, on the link and its QR code", async () => {
    const { token, url } = (await request(app).post("/shares").send({ credential: file, expiresInDays: 1 }).expect(201))
      .body;
    const qr = await request(app).get(`/shares/${token}/qr.svg`).set("host", "verify.example.edu.cn:8080").expect(200);
    expect(qr.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    const svg = qr.body instanceof Buffer ? qr.body.toString("utf8") : qr.text;
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<path");
    expect(url).toBe(`/verify?share=${token}`);
    // A Host header that is not a host name is not put in a QR code.
    await request(app).get(`/shares/${token}/qr.svg`).set("host", "evil.example/<script>").expect(400);

    const past = new Date(Date.now() - 60_000).toISOString();
    await db.query("test.expire", "UPDATE credential_shares SET expires_at = $1 WHERE token = $2", [past, token]);
    for (const path of [`/shares/${token}`, `/shares/${token}/qr.svg`]) {
      const res = await request(app).get(path);
      expect([res.status, res.body.error.code, res.body.error.details]).toEqual([
        410,
        "share_expired",
        [{ expiresAt: past }],
      ]);
    }
    for (const path of ["/shares/nope", "/shares/AAAAAAAAAAAAAAAAAAAAAA/qr.svg"]) {
      const res = await request(app).get(path);
      expect([res.status, res.body.error.code]).toEqual([404, "share_not_found"]);
    }

    // One credential has at most MAX_LIVE_SHARES working links: a loop cannot fill the disk with copies.
    const live = async () =>
      Number(
        (
          await db.query<{ n: number | string }>(
            "test.live",
            "SELECT COUNT(*) AS n FROM credential_shares WHERE expires_at > $1",
            [new Date().toISOString()],
          )
        )[0].n,
      );
    while ((await live()) < MAX_LIVE_SHARES)
      await request(app).post("/shares").send({ credential: file, expiresInDays: 1 }).expect(201);
    const refused = await request(app).post("/shares").send({ credential: file, expiresInDays: 1 });
    expect([refused.status, refused.body.error.code]).toEqual([429, "too_many_shares"]);
    expect(await live()).toBe(MAX_LIVE_SHARES);
    await db.query("test.expire", "UPDATE credential_shares SET expires_at = $1", [past]);

    // Long past expiry, a share is deleted when the next one is made: then it is simply unknown.
    const longAgo = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await db.query("test.expire", "UPDATE credential_shares SET expires_at = $1 WHERE token = $2", [longAgo, token]);
    await request(app).post("/shares").send({ credential: file, expiresInDays: 1 }).expect(201);
    expect((await request(app).get(`/shares/${token}`)).body.error.code).toBe("share_not_found");
  });

  it("lets only the holder's key withdraw a link: it stops opening at once and its copy is deleted", async () => {
    const created = (await request(app).post("/shares").send({ credential: file, expiresInDays: 30 }).expect(201))
      .body as { token: string; withdrawKey: string };
    expect(created.withdrawKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [stored] = await db.query<{ withdraw_hash: string }>(
      "test.hash",
      "SELECT withdraw_hash FROM credential_shares WHERE token = $1",
      [created.token],
    );
    expect(stored.withdraw_hash).not.toContain(created.withdrawKey); // only its hash is kept
    // Whoever holds the link (the employer it was sent to) cannot withdraw it without the key.
    const other = (await request(app).post("/shares").send({ credential: file, expiresInDays: 30 }).expect(201)).body;
    for (const key of ["guess", other.withdrawKey]) {
      const res = await request(app).post(`/shares/${created.token}/withdraw`).send({ withdrawKey: key });
      expect([res.status, res.body.error.code]).toEqual([403, "forbidden"]);
    }
    await request(app).get(`/shares/${created.token}`).expect(200);
    await request(app).post(`/shares/${created.token}/withdraw`).send({ withdrawKey: created.withdrawKey }).expect(204);
    await request(app).post(`/shares/${created.token}/withdraw`).send({ withdrawKey: created.withdrawKey }).expect(204);
    for (const path of [`/shares/${created.token}`, `/shares/${created.token}/qr.svg`]) {
      const res = await request(app).get(path);
      expect([res.status, res.body.error.code]).toEqual([410, "share_withdrawn"]);
    }
    const [row] = await db.query<{ credential: string }>(
      "test.withdrawn",
      "SELECT credential FROM credential_shares WHERE token = $1",
      [created.token],
    );
    expect(row.credential).toBe("");
    const unknown = await request(app).post("/shares/AAAAAAAAAAAAAAAAAAAAAA/withdraw").send({ withdrawKey: "x" });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "share_not_found"]);
    await request(app).post(`/shares/${created.token}/withdraw`).send({}).expect(400);

    // Making and withdrawing links in a loop: links withdrawn in the last day count toward the cap.
    let made = 0;
    for (;;) {
      const res = await request(app).post("/shares").send({ credential: file, expiresInDays: 1 });
      if (res.status === 429) break;
      expect(res.status).toBe(201);
      await request(app)
        .post(`/shares/${res.body.token}/withdraw`)
        .send({ withdrawKey: res.body.withdrawKey })
        .expect(204);
      made += 1;
      expect(made).toBeLessThan(MAX_LIVE_SHARES);
    }
    const [counted] = await db.query<{ n: number | string }>(
      "test.counted",
      "SELECT COUNT(*) AS n FROM credential_shares WHERE expires_at > $1",
      [new Date().toISOString()],
    );
    // The links made earlier in this file count too (`created` withdrawn, `other` still working).
    expect([made > 0, Number(counted.n)]).toEqual([true, MAX_LIVE_SHARES]);
  });
});
