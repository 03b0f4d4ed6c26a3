import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { JsonRpcProvider } from "ethers";
import { id } from "ethers";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anchorBatch,
  buildAttestationTree,
  ProposalAction,
  proposeDecision,
  publishCourse,
  publishCourseVersion,
  retireCourse,
  sealAttestation,
  type AllianceClient,
} from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance, openDecidedPeriod } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import { importRecords } from "../books/importRecords.js";
import { loadConfig } from "../config.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { loggableError } from "../errors.js";
import { indexChain } from "../indexer/indexChain.js";
import { anchorPendingBatches } from "../outbox/anchorPendingBatches.js";
import { createServer, type ServerDependencies } from "../server.js";
import { bothDatabases } from "../testing/bothDatabases.js";
import { custodialSigners } from "../testing/custodialSigners.js";

/**
 * Hostile members at the gateway's edge (attacks 7, 8 and 10): each test plays the attack and asserts
 * the refusal by HTTP status and machine-readable code.
 *
 * The alliance: member 1 hosts course 1 (3 credits; version 2: 4 credits) and the retired course 3,
 * member 2 hosts course 2, member 4 is suspended.
 */
let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(4);
  const [m1, m2] = chain.members;
  const terms = (credits: number) => ({
    metadata: "x",
    credits,
    contactHours: 48,
    feePerCredit: 100n,
    term: 20261,
    seats: 20,
  });
  await publishCourse(m1, { code: "EDGE1", terms: terms(300) });
  await publishCourse(m2, { code: "EDGE2", terms: terms(200) });
  await publishCourse(m1, { code: "EDGE3", terms: terms(300) });
  await publishCourseVersion(m1, { courseId: 1, terms: terms(400) });
  await retireCourse(m1, { courseId: 3 });
  await proposeDecision(chain.secretariat, { action: ProposalAction.Suspend, memberId: 4 });
  await openDecidedPeriod(chain.secretariat, {
    currency: "CNY",
    shares: [
      { memberId: 1, shareBps: 3000 },
      { memberId: 2, shareBps: 3000 },
      { memberId: 3, shareBps: 4000 },
    ],
  });
}, 60_000);
afterAll(async () => chain?.stop());

const HEADER = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
const record = (over: Record<string, unknown> = {}) => ({
  homeId: 2,
  courseId: 1,
  courseVersion: 1,
  term: 20261,
  credits: 3,
  studentRef: "EDGE-S-1",
  grade: "A",
  completionDate: "2026-07-01",
  ...over,
});

/** A reader whose catalogue and registry views count their calls. */
function countingReader(reader: AllianceClient) {
  const calls = { course: 0, courseVersion: 0, memberStatus: 0 };
  const counted = <T extends object>(target: T, names: Array<keyof typeof calls>) =>
    new Proxy(target, {
      get(t, p, r) {
        const value = Reflect.get(t, p, r);
        if (!names.includes(p as keyof typeof calls)) return value;
        return (...args: unknown[]) => {
          calls[p as keyof typeof calls] += 1;
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  return {
    calls,
    reader: {
      ...reader,
      catalog: counted(reader.catalog, ["course", "courseVersion"]),
      registry: counted(reader.registry, ["memberStatus"]),
    } as AllianceClient,
  };
}

/** Sends headers and only `first` of a body declared `declaredLength` long; resolves with the answer, or rejects if none comes in time. */
function sendPartialBody(
  url: string,
  path: string,
  headers: Record<string, string>,
  declaredLength: number,
  first: string,
) {
  return new Promise<{ status: number; body: { error?: { code: string } } }>((resolve, reject) => {
    const req = http.request(`${url}${path}`, {
      method: "POST",
      headers: { ...headers, "content-length": String(declaredLength) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error("no answer before the body was complete: the gateway is reading it"));
    }, 60_000); // a ceiling for "never answers", not a speed test
    req.on("response", (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode!, body: JSON.parse(text) });
      });
    });
    req.on("error", () => undefined); // the gateway may close the connection once it has answered
    req.write(first);
  });
}

describe.each(bothDatabases("gateway_edge_adversarial"))(
  "hostile members at the gateway's edge on %s",
  (_name, makeDb) => {
    let db: Database;
    let drop: () => Promise<void>;
    let signers: Map<number, AllianceClient>;
    let app: ReturnType<typeof createServer>;
    let server: http.Server;
    let url: string;
    const keys: Record<string, string> = {};
    const as = (who: string, idem?: string) => ({
      authorization: `Bearer ${keys[who]}`,
      ...(idem ? { "idempotency-key": idem } : {}),
    });
    const make = (over: Partial<ServerDependencies> = {}) =>
      createServer({
        db,
        provider: chain.provider,
        reader: chain.reader,
        signers,
        logger: pino({ level: "silent" }),
        rateLimitPerMinute: 100_000,
        keyPassphrase: "edge-test-passphrase",
        ...over,
      });
    const outboxCount = async () =>
      Number((await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations"))[0].n);

    beforeAll(async () => {
      ({ db, drop } = await makeDb());
      await migrate(db);
      signers = custodialSigners(chain);
      app = make({ metricsToken: "metrics-token-for-the-prometheus-scraper-0001" });
      server = app.listen(0, "127.0.0.1");
      await once(server, "listening");
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const m of [1, 2, 3])
        keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
      for (const role of ["secretariat", "auditor", "readonly"] as const)
        keys[role] = (await createApiKey(db, { label: role, role })).key;
    });
    afterAll(async () => {
      server?.close();
      await drop?.();
    });

    describe("attack 7: records the ledger would refuse are refused at acceptance", () => {
      it("refuses a foreign, unknown, retired or unversioned course, credits above the course's, and a home school that is the issuer, suspended or unknown", async () => {
        const records = [
          record(),
          record({ courseId: 2 }), // hosted by member 2
          record({ courseId: 999, courseVersion: 7 }), // no such course
          record({ homeId: 1 }), // the issuer itself
          record({ credits: 3.5 }), // course 1 version 1 has 3 credits
          record({ courseId: 3 }), // retired
          record({ homeId: 4 }), // suspended
          record({ homeId: 99 }), // not a member
          record({ courseVersion: 7 }), // course 1 has versions 1 and 2
        ];
        const res = await request(app).post("/attestations").set(as("m1", "a7-json")).send({ records }).expect(400);
        expect(res.body.error.code).toBe("record_refused_by_catalog");
        expect(res.body.error.details.map((d: { field: string; reason: string }) => [d.field, d.reason])).toEqual([
          ["records.1.courseId", "course_not_hosted_by_issuer"],
          ["records.2.courseId", "unknown_course"],
          ["records.3.homeId", "home_is_issuer"],
          ["records.4.credits", "credits_exceed_course"],
          ["records.5.courseId", "course_retired"],
          ["records.6.homeId", "home_not_active_member"],
          ["records.7.homeId", "home_not_active_member"],
          ["records.8.courseVersion", "unknown_course_version"],
        ]);
        expect(await outboxCount()).toBe(0);
        // The same refusals for a CSV roster, by line and column.
        const csv = `${[
          HEADER,
          "2,1,1,20261,3,EDGE-C-1,A,2026-07-01",
          "2,999,7,20261,3,EDGE-C-2,A,2026-07-01",
          "1,1,1,20261,3,EDGE-C-3,A,2026-07-01",
        ].join("\n")}\n`;
        const refused = await request(app)
          .post("/attestations")
          .set(as("m1", "a7-csv"))
          .set("content-type", "text/csv")
          .send(csv)
          .expect(400);
        expect(refused.body.error.code).toBe("record_refused_by_catalog");
        expect(refused.body.error.details).toEqual([
          expect.objectContaining({ row: 3, column: "courseId", reason: "unknown_course" }),
          expect.objectContaining({ row: 4, column: "homeId", reason: "home_is_issuer" }),
        ]);
        expect(await outboxCount()).toBe(0);
      });

      it("reads each distinct course, version and home member once, however long the roster", async () => {
        const { calls, reader } = countingReader(chain.reader);
        const counted = make({ reader });
        const records = Array.from({ length: 1_000 }, (_, i) =>
          record({ homeId: 2 + (i % 2), courseVersion: 1 + (i % 2), credits: 2.5, studentRef: `EDGE-N-${i}` }),
        );
        expect(
          (await request(counted).post("/attestations").set(as("m1", "a7-many")).send({ records }).expect(202)).body
            .accepted,
        ).toBe(1_000);
        expect(calls).toEqual({ course: 1, courseVersion: 2, memberStatus: 2 });
      });

      it('takes credits as on a transcript on every interface: JSON 300 and CSV "300" are 300 credits, refused for a 3-credit course', async () => {
        const json = await request(app)
          .post("/attestations")
          .set(as("m1", "a7-unit-json"))
          .send({ records: [record({ credits: 300 })] })
          .expect(400);
        expect(json.body.error.details).toEqual([
          expect.objectContaining({ field: "records.0.credits", reason: "credits_exceed_course" }),
        ]);
        const csv = await request(app)
          .post("/attestations")
          .set(as("m1", "a7-unit-csv"))
          .set("content-type", "text/csv")
          .send(`${HEADER}\n2,1,1,20261,300,EDGE-U-1,A,2026-07-01\n`)
          .expect(400);
        expect(csv.body.error.details).toEqual([
          expect.objectContaining({ row: 2, column: "credits", reason: "credits_exceed_course" }),
        ]);
        for (const credits of [2.555, "2.5.1", 0, -1, "1e3", "NaN"]) {
          const bad = await request(app)
            .post("/attestations")
            .set(as("m1", `a7-unit-${credits}`))
            .send({ records: [record({ credits })] })
            .expect(400);
          expect([bad.body.error.code, bad.body.error.details[0].field]).toEqual([
            "validation_failed",
            "records.0.credits",
          ]);
        }
        const ok = await request(app)
          .post("/attestations")
          .set(as("m1", "a7-unit-ok"))
          .send({
            records: [
              record({ credits: "2.5", studentRef: "EDGE-U-2" }),
              record({ credits: 1.25, studentRef: "EDGE-U-3" }),
            ],
          })
          .expect(202);
        const rows = await db.query<{ credits: number }>(
          "t",
          `SELECT credits FROM outbox_attestations WHERE id IN ($1, $2) ORDER BY seq`,
          ok.body.ids,
        );
        expect(rows.map((r) => Number(r.credits))).toEqual([250, 125]);
        // Course terms and conversions take the same unit; responses show it (the new version, sent with the
        // SDK above, reaches the catalogue once indexed).
        await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
        const course = (await request(app).get("/courses?hostMemberId=1").set(as("m2")).expect(200)).body.items.find(
          (c: { courseId: number }) => c.courseId === 1,
        );
        expect(course.credits).toBe(4); // latest version: 400 hundredths on chain
        const recognised = await request(app)
          .post("/recognitions")
          .set(as("m2", "a7-unit-rec"))
          .send({
            decisions: [
              {
                attestationId: "x",
                decision: "convert",
                recognisedCredits: 250,
                localCourse: "L",
                conversionRule: "R",
              },
            ],
          });
        expect(recognised.status).toBe(404); // 250 credits is a valid amount; the unknown attestation is what is refused
        const badConvert = await request(app)
          .post("/recognitions")
          .set(as("m2", "a7-unit-rec2"))
          .send({
            decisions: [
              {
                attestationId: "x",
                decision: "convert",
                recognisedCredits: 2.555,
                localCourse: "L",
                conversionRule: "R",
              },
            ],
          })
          .expect(400);
        expect(badConvert.body.error.details[0].field).toBe("decisions.0.recognisedCredits");
        const badCourse = await request(app)
          .post("/courses")
          .set(as("m1", "a7-unit-course"))
          .send({ code: "X", metadata: "x", credits: 1_000.01, contactHours: 1, feePerCredit: "1", term: 1, seats: 1 })
          .expect(400);
        expect(badCourse.body.error.details[0].field).toBe("credits");
      });

      it("answers 404 with a code, never 500, for the open badge of a record whose course is unknown", async () => {
        const sealed = [
          sealAttestation({
            issuerId: 1,
            homeId: 2,
            courseId: 999,
            courseVersion: 7,
            term: 20261,
            credits: 300,
            studentRef: "EDGE-OB-1",
            grade: "A",
            completionDate: "2026-07-01",
          }),
        ];
        const tree = buildAttestationTree(sealed.map((s) => s.attestation));
        const { blockNumber } = await anchorBatch(chain.members[0], { root: tree.root, count: 1 });
        await importRecords(db, {
          batches: [{ root: tree.root, issuerId: 1, blockNumber, sealed }],
          costEntries: [],
          reports: [],
        });
        const res = await request(app)
          .get(`/attestations/${tree.root.slice(2, 18)}-0/openbadge`)
          .set(as("m1"))
          .expect(404);
        expect(res.body.error.code).toBe("course_not_found");
        expect((await request(app).get("/attestations/nope/openbadge").set(as("m1")).expect(404)).body.error.code).toBe(
          "attestation_not_found",
        );
      });
    });

    describe("attack 8: each role sees only what its work needs", () => {
      let attestationId: string;
      let root: string;
      beforeAll(async () => {
        const { body } = await request(app)
          .post("/attestations")
          .set(as("m1", "a8-roster"))
          .send({ records: [record({ studentRef: "EDGE-PRIV-1", term: 20269 })] })
          .expect(202);
        attestationId = body.ids[0];
        const { anchored } = await anchorPendingBatches({ db, signers });
        root = anchored.find((b) => b.issuerId === 1)!.root;
      });

      it("gives credentials (student reference, grade, salts) only to the issuing and the home member: the secretariat, auditor and others get 403", async () => {
        for (const who of ["secretariat", "auditor", "readonly", "m3"]) {
          for (const path of [
            `/attestations/${attestationId}/credential`,
            `/attestations/${attestationId}/openbadge`,
            `/batches/${root}/credentials`,
          ]) {
            const res = await request(app).get(path).set(as(who));
            expect([who, path, res.status, res.body.error?.code], JSON.stringify(res.body)).toEqual([
              who,
              path,
              403,
              expect.stringMatching(/^forbidden/),
            ]);
            expect(JSON.stringify(res.body)).not.toContain("EDGE-PRIV-1");
          }
        }
        expect(
          (await request(app).get(`/attestations/${attestationId}/credential`).set(as("m2")).expect(200)).body
            .disclosures.learner.value,
        ).toBe("EDGE-PRIV-1");
        await request(app).get(`/attestations/${attestationId}/openbadge`).set(as("m1")).expect(200);
        expect((await request(app).get(`/batches/${root}/credentials`).set(as("m2")).expect(403)).body.error.code).toBe(
          "forbidden_member",
        ); // the home school takes single files
      });

      it("keeps the recognition inbox to members, each seeing only its own students", async () => {
        for (const who of ["secretariat", "auditor", "readonly"])
          expect((await request(app).get("/recognitions/inbox").set(as(who)).expect(403)).body.error.code).toBe(
            "forbidden",
          );
        const other = (await request(app).get("/recognitions/inbox").set(as("m3")).expect(200)).body.items as Array<{
          studentRef: string;
        }>;
        expect(other.map((i) => i.studentRef)).not.toContain("EDGE-PRIV-1");
        const home = (await request(app).get("/recognitions/inbox?term=20269").set(as("m2")).expect(200)).body
          .items as Array<{ studentRef: string; credits: number }>;
        expect(home.find((i) => i.studentRef === "EDGE-PRIV-1")?.credits).toBe(3);
      });

      it("shows a cost entry's gateway-private reference only to its member, the secretariat and the auditor", async () => {
        const claimed = await request(app)
          .post("/cost-entries")
          .set(as("m1", "a8-claim"))
          .send({
            kind: "cash",
            reference: `BIT-VOUCHER-${_name}`,
            periodId: 1,
            amount: "1000",
            evidenceHash: id("receipt"),
          })
          .expect(201);
        await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
        const seen = async (who: string) =>
          (
            (await request(app).get("/cost-entries").set(as(who)).expect(200)).body.items as Array<{
              entryId: string;
              reference?: string;
            }>
          ).find((e) => e.entryId === claimed.body.entryId);
        for (const who of ["m1", "secretariat", "auditor"])
          expect((await seen(who))?.reference).toBe(`BIT-VOUCHER-${_name}`);
        for (const who of ["m2", "m3", "readonly"]) {
          const entry = await seen(who);
          expect(entry).toBeDefined(); // the entry itself is on chain for everyone
          expect(entry).not.toHaveProperty("reference");
        }
      });
    });

    describe("attack 10: denial of service and leaks at the edge", () => {
      it("answers an unauthenticated 5 MB JSON or 20 MB CSV with 401 before reading its body", async () => {
        const json = await sendPartialBody(
          url,
          "/attestations",
          { "content-type": "application/json" },
          5 * 1024 * 1024,
          '{"records":[',
        );
        expect([json.status, json.body.error?.code]).toEqual([401, "unauthenticated"]);
        const csv = await sendPartialBody(
          url,
          "/attestations",
          { "content-type": "text/csv", authorization: "Bearer al_forged_key" },
          20 * 1024 * 1024,
          `${HEADER}\n`,
        );
        expect([csv.status, csv.body.error?.code]).toEqual([401, "invalid_api_key"]);
        const cost = await sendPartialBody(
          url,
          "/cost-entries",
          { "content-type": "application/json" },
          5 * 1024 * 1024,
          "{",
        );
        expect(cost.status).toBe(401);
      });

      it("answers a body in a charset or encoding it does not read with 415, never a 500", async () => {
        for (const [type, encoding] of [
          ["application/json; charset=koi8-r", undefined],
          ["application/json", "compress"],
        ] as const) {
          const sent = request(app).post("/shares/abc/withdraw").set("content-type", type);
          if (encoding) sent.set("content-encoding", encoding);
          const res = await sent.send('{"withdrawKey":"x"}');
          expect([res.status, res.body.error.code]).toEqual([415, "unsupported_media_type"]);
        }
      });

      it("stops reading a member's 750,000-row roster at record 10,001 with 413 too_many_records", async () => {
        const rowsPerChunk = 1_000;
        const chunk = `${Array.from({ length: rowsPerChunk }, (_, i) => `2,1,1,20261,3,EDGE-BIG-${i},A,2026-07-01`).join("\n")}\n`;
        const req = http.request(`${url}/attestations`, {
          method: "POST",
          headers: { ...as("m1", "a10-big"), "content-type": "text/csv", "transfer-encoding": "chunked" },
        });
        req.on("error", () => undefined);
        const answered = once(req, "response").then(async ([res]) => {
          let text = "";
          for await (const c of res as http.IncomingMessage) text += c;
          return { status: (res as http.IncomingMessage).statusCode!, body: JSON.parse(text) };
        });
        let done = false;
        void answered.then(() => (done = true));
        let sent = 0;
        req.write(`${HEADER}\n`);
        while (!done && sent < 750_000) {
          sent += rowsPerChunk;
          if (!req.write(chunk)) await Promise.race([once(req, "drain"), answered]);
        }
        const res = await answered;
        req.destroy();
        expect([res.status, res.body.error.code]).toEqual([413, "too_many_records"]);
        // Answered long before the whole roster was sent (what was sent beyond 10,001 rows sat in socket buffers).
        expect(sent).toBeLessThan(750_000 / 2);
        expect(await outboxCount()).toBeLessThan(10_000);
      });

      it("limits each API key in its own bucket, unauthenticated and bad-key traffic per client address, and trusts X-Forwarded-For only from a configured proxy", async () => {
        const limited = make({ rateLimitPerMinute: 3 });
        for (let i = 0; i < 3; i++) await request(limited).get("/members").set(as("m1")).expect(200);
        expect((await request(limited).get("/members").set(as("m1")).expect(429)).body.error.code).toBe("rate_limited");
        await request(limited).get("/members").set(as("m2")).expect(200); // another school behind the same address
        for (let i = 0; i < 3; i++)
          await request(limited).get("/members").set("authorization", "Bearer al_guess_key").expect(401);
        expect((await request(limited).get("/health").expect(429)).body.error.code).toBe("rate_limited"); // guesses and anonymous calls share the address's bucket
        await request(limited).get("/members").set(as("m3")).expect(200);

        const direct = make({ rateLimitPerMinute: 2 });
        await request(direct).get("/health").set("x-forwarded-for", "203.0.113.1").expect(200);
        await request(direct).get("/health").set("x-forwarded-for", "203.0.113.2").expect(200);
        await request(direct).get("/health").set("x-forwarded-for", "203.0.113.3").expect(429); // a client cannot pick a new address per request
        const proxied = make({ rateLimitPerMinute: 2, trustProxy: ["loopback"] });
        for (let i = 0; i < 2; i++)
          await request(proxied).get("/health").set("x-forwarded-for", "203.0.113.1").expect(200);
        await request(proxied).get("/health").set("x-forwarded-for", "203.0.113.1").expect(429);
        await request(proxied).get("/health").set("x-forwarded-for", "203.0.113.2").expect(200); // another school behind the proxy

        expect(loadConfig({ ALLIANCE_TRUST_PROXY: "1" }).trustProxy).toBe(1);
        expect(loadConfig({ ALLIANCE_TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toEqual([
          "loopback",
          "10.0.0.0/8",
        ]);
        expect(loadConfig({}).trustProxy).toBe(false);
        for (const bad of ["true", "10.0.0.0/99", "proxy.example"])
          expect(() => loadConfig({ ALLIANCE_TRUST_PROXY: bad })).toThrow(/ALLIANCE_TRUST_PROXY/);
        expect(() => loadConfig({ ALLIANCE_METRICS_TOKEN: "short" })).toThrow(/ALLIANCE_METRICS_TOKEN/);
      });

      it("says only ready or not with a code on /ready, never the node's URL or error", async () => {
        const dead = new JsonRpcProvider("http://10.255.255.1:8545/secret-path", undefined, { staticNetwork: true });
        const offline = make({ provider: dead });
        const res = await request(offline).get("/ready").expect(503);
        expect(res.body).toEqual({
          error: {
            code: "chain_unreachable",
            message: "The chain node does not answer.",
            details: [],
            requestId: res.headers["x-request-id"],
          },
        });
        expect(res.text).not.toMatch(/10\.255|secret-path|8545/);
        dead.destroy();
        expect((await request(app).get("/ready").expect(200)).body).toEqual({ ready: true });
      }, 120_000);

      it("serves /metrics only to an auditor's or the secretariat's key, or the scraper's token", async () => {
        expect((await request(app).get("/metrics").expect(401)).body.error.code).toBe("unauthenticated");
        expect(
          (await request(app).get("/metrics").set("authorization", "Bearer wrong-token").expect(401)).body.error.code,
        ).toBe("invalid_api_key");
        for (const who of ["m1", "readonly"])
          expect((await request(app).get("/metrics").set(as(who)).expect(403)).body.error.code).toBe("forbidden");
        for (const who of ["auditor", "secretariat"])
          expect((await request(app).get("/metrics").set(as(who)).expect(200)).text).toContain("http_requests_total");
        await request(app)
          .get("/metrics")
          .set("authorization", "Bearer metrics-token-for-the-prometheus-scraper-0001")
          .expect(200);
      });

      it("logs no request body, student reference or key, and keeps a failing driver's data out of the error log", async () => {
        const lines: string[] = [];
        const logger = pino(
          { level: "info" },
          new Writable({
            write: (c, _e, done) => {
              lines.push(String(c));
              done();
            },
          }),
        );
        const logged = make({ logger });
        await request(logged)
          .post("/attestations")
          .set(as("m1", "a10-log"))
          .send({ records: [record({ studentRef: "EDGE-LOG-STUDENT" })] })
          .expect(202);
        await request(logged)
          .post("/attestations")
          .set(as("m1", "a10-log-csv"))
          .set("content-type", "text/csv")
          .send(`${HEADER}\n2,1,1,20261,9,EDGE-LOG-CSV,A,2026-07-01\n`)
          .expect(400);
        await request(logged).get("/recognitions/inbox?issuerId=EDGE-LOG-QUERY").set(as("m2")).expect(400);
        const log = lines.join("");
        expect(log).toContain('"msg":"request"');
        for (const secret of ["EDGE-LOG-STUDENT", "EDGE-LOG-CSV", "EDGE-LOG-QUERY", keys.m1, keys.m2])
          expect(log).not.toContain(secret);
        const driverError = Object.assign(
          new Error("duplicate key value violates unique constraint\nKey (student_ref)=(EDGE-LOG-DB) already exists."),
          { code: "23505", detail: "Key (student_ref)=(EDGE-LOG-DB)", parameters: ["EDGE-LOG-DB"] },
        );
        expect(JSON.stringify(loggableError(driverError))).not.toContain("EDGE-LOG-DB");
      });
    });
  },
);
