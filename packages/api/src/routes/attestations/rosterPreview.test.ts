import iconv from "iconv-lite";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeXlsxFile, { type SheetData } from "write-excel-file/node";
import { type AllianceClient, publishCourse } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { XLSX_MEDIA_TYPE } from "../../outbox/readRosterXlsx.js";
import { ROSTER_COLUMNS } from "../../outbox/roster.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  // Course 1: member 1's, 3 credits. Course 2: member 2's.
  await publishCourse(chain.members[0], {
    code: "PRV1",
    terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 },
  });
  await publishCourse(chain.members[1], {
    code: "PRV2",
    terms: { metadata: "y", credits: 200, contactHours: 32, feePerCredit: 100n, term: 20261, seats: 20 },
  });
}, 120_000);
afterAll(async () => chain?.stop());

const HEADER = ROSTER_COLUMNS.join(",");
const xlsx = (rows: SheetData) => writeXlsxFile(rows).toBuffer();
const date = (iso: string) => ({ value: new Date(`${iso}T00:00:00Z`), type: Date, format: "yyyy-mm-dd" });
const record = (i: number, over: Record<string, unknown> = {}) => ({
  homeId: 2,
  courseId: 1,
  courseVersion: 1,
  term: 20261,
  credits: 2.5,
  studentRef: `PRV-${i}`,
  grade: "A",
  completionDate: "2026-07-01",
  ...over,
});

describe.each(bothDatabases("gateway_roster_preview_test"))(
  "roster preview and .xlsx rosters on %s",
  (_name, makeDb) => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: ReturnType<typeof createServer>;
    const keys: Record<string, string> = {};
    const as = (who: string, idem?: string) => ({
      authorization: `Bearer ${keys[who]}`,
      ...(idem ? { "idempotency-key": idem } : {}),
    });
    const stored = async () => {
      const [{ n }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations");
      const [{ k }] = await db.query<{ k: number }>("t", "SELECT COUNT(*) AS k FROM idempotency_keys");
      return { records: Number(n), idempotencyKeys: Number(k) };
    };

    beforeAll(async () => {
      ({ db, drop } = await makeDb());
      await migrate(db);
      app = createServer({
        db,
        provider: chain.provider,
        reader: chain.reader,
        signers: new Map<number, AllianceClient>([[1, chain.members[0]]]),
        logger: pino({ level: "silent" }),
      });
      keys.host = (await createApiKey(db, { label: "host", role: "member", memberId: 1 })).key;
      keys.secretariat = (await createApiKey(db, { label: "sec", role: "secretariat" })).key;
      keys.viewer = (await createApiKey(db, { label: "viewer", role: "readonly" })).key;
    });
    afterAll(async () => (drop ? drop() : db?.close()));

    it("lists every bad cell of every line and the catalogue's refusals of the valid lines, storing nothing", async () => {
      const csv = [
        HEADER,
        "2,1,1,20261,2.5,PRV-C-1,A,2026-07-01",
        "2,x,1,20261,2.555,PRV-C-2,A,2026-07-01", // two bad cells
        "",
        "2,1,1,20261,3,PRV-C-3,A,2026-13-40", // one bad cell, on line 5 (a blank line before it)
        "2,9,1,20261,3,PRV-C-4,A,2026-07-01", // no course 9
      ].join("\n");
      const before = await stored();
      const preview = await request(app)
        .post("/attestations/preview")
        .set(as("host"))
        .set("content-type", "text/csv")
        .send(`${csv}\n`)
        .expect(200);
      expect(preview.body).toMatchObject({ count: 4, ok: false, columns: [...ROSTER_COLUMNS] });
      expect(
        preview.body.problems.map((p: { line: number; column: string; code: string }) => [p.line, p.column, p.code]),
      ).toEqual([
        [3, "courseId", "invalid_value"],
        [3, "credits", "invalid_value"],
        [5, "completionDate", "invalid_value"],
        [6, "courseId", "unknown_course"],
      ]);
      expect(preview.body.problems.every((p: { message: string }) => p.message.length > 0)).toBe(true);
      expect(preview.body.rows.map((r: { line: number }) => r.line)).toEqual([2, 3, 5, 6]);
      expect(preview.body.rows[1].cells).toEqual({
        homeId: "2",
        courseId: "x",
        courseVersion: "1",
        term: "20261",
        credits: "2.555",
        studentRef: "PRV-C-2",
        grade: "A",
        completionDate: "2026-07-01",
      });
      expect(await stored()).toEqual(before);

      // The real submission refuses the same cells, all at once, by line and column; then the catalogue's.
      const refused = await request(app)
        .post("/attestations")
        .set(as("host", "prv-csv-1"))
        .set("content-type", "text/csv")
        .send(`${csv}\n`)
        .expect(400);
      expect(refused.body.error.code).toBe("invalid_csv");
      expect(refused.body.error.details.map((d: { row: number; column: string }) => [d.row, d.column])).toEqual([
        [3, "courseId"],
        [3, "credits"],
        [5, "completionDate"],
      ]);
      const fixed = csv.replace(",x,", ",1,").replace("2.555", "2.5").replace("2026-13-40", "2026-07-02");
      const catalogue = await request(app)
        .post("/attestations")
        .set(as("host", "prv-csv-2"))
        .set("content-type", "text/csv")
        .send(fixed)
        .expect(400);
      expect(catalogue.body.error).toMatchObject({
        code: "record_refused_by_catalog",
        details: [expect.objectContaining({ row: 6, column: "courseId", reason: "unknown_course" })],
      });
      expect((await stored()).records).toBe(before.records);
    });

    it("lists a JSON body's problems by record (line = index + 1), each field and refusal with its code", async () => {
      const records = [
        record(0, { credits: 3.5 }), // course 1 has 3 credits
        record(1, { homeId: 1 }), // the issuer itself
        { ...record(2, { studentRef: undefined }), admin: true }, // a field missing, one unknown
        5, // not a record
        record(4, { courseId: 2 }), // member 2's course
        record(5, { courseVersion: 7 }),
        record(6, { homeId: 99, term: 0 }), // an invalid term: the catalogue is not asked about this record
        record(7),
      ];
      const before = await stored();
      const { body } = await request(app).post("/attestations/preview").set(as("host")).send({ records }).expect(200);
      expect(body.count).toBe(8);
      expect(body.ok).toBe(false);
      expect(body.columns.slice(0, 8)).toEqual([...ROSTER_COLUMNS]);
      expect(body.columns).toContain("admin");
      expect(body.rows[0]).toEqual({
        line: 1,
        cells: {
          homeId: "2",
          courseId: "1",
          courseVersion: "1",
          term: "20261",
          credits: "3.5",
          studentRef: "PRV-0",
          grade: "A",
          completionDate: "2026-07-01",
        },
      });
      expect(body.rows[3]).toEqual({ line: 4, cells: {} });
      expect(
        body.problems.map((p: { line: number; column: string | null; code: string }) => [p.line, p.column, p.code]),
      ).toEqual([
        [1, "credits", "credits_exceed_course"],
        [2, "homeId", "home_is_issuer"],
        [3, "studentRef", "missing_value"],
        [3, "admin", "unknown_column"],
        [4, null, "invalid_record"],
        [5, "courseId", "course_not_hosted_by_issuer"],
        [6, "courseVersion", "unknown_course_version"],
        [7, "term", "invalid_value"],
      ]);
      expect(await stored()).toEqual(before);

      const clean = await request(app)
        .post("/attestations/preview")
        .set(as("host"))
        .send({ records: [record(8), record(9)] })
        .expect(200);
      expect([clean.body.ok, clean.body.count, clean.body.problems]).toEqual([true, 2, []]);
    });

    it("is a member's dry run only: no other role, no key, and what a preview saw never binds an Idempotency-Key", async () => {
      const body = { records: [record(10)] };
      expect((await request(app).post("/attestations/preview").send(body).expect(401)).body.error.code).toBe(
        "unauthenticated",
      );
      for (const who of ["secretariat", "viewer"])
        expect(
          (await request(app).post("/attestations/preview").set(as(who)).send(body).expect(403)).body.error.code,
        ).toBe("forbidden");
      // A preview sent with a key records nothing under it: the real submission with that key and another body goes through.
      await request(app).post("/attestations/preview").set(as("host", "prv-key")).send(body).expect(200);
      await request(app)
        .post("/attestations")
        .set(as("host", "prv-key"))
        .send({ records: [record(11)] })
        .expect(202);
      // What cannot be read as records answers as the submission does.
      expect(
        (await request(app).post("/attestations/preview").set(as("host")).send({ records: [] }).expect(400)).body.error
          .code,
      ).toBe("validation_failed");
      const csv = (text: string | Buffer) =>
        request(app).post("/attestations/preview").set(as("host")).set("content-type", "text/csv").send(text);
      expect((await csv('homeId,"unclosed\n').expect(400)).body.error.code).toBe("invalid_csv");
      expect((await csv("homeId,credits\n2,3\n").expect(400)).body.error.code).toBe("invalid_csv");
      const garbled = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0x32, 0x2c, 0xff, 0xfe, 0x80, 0x0a])]);
      expect((await csv(garbled).expect(400)).body.error.code).toBe("roster_encoding_unknown");
      const many = [HEADER, ...Array.from({ length: 10_001 }, (_, i) => `2,1,1,20261,3,PRV-M-${i},A,2026-07-01`)];
      expect((await csv(many.join("\n")).expect(413)).body.error.code).toBe("too_many_records");
      // A GBK roster previews with its Chinese intact.
      const gbk = await csv(iconv.encode(`${HEADER}\n2,1,1,20261,3,学生-乙,优秀,2026-07-02\n`, "gbk")).expect(200);
      expect([gbk.body.ok, gbk.body.rows[0].cells.grade]).toEqual([true, "优秀"]);
    });

    it("accepts a roster saved as .xlsx: Chinese text, number and date cells reach the outbox as the CSV's would", async () => {
      const workbook = await xlsx([
        [...ROSTER_COLUMNS],
        [2, 1, null, 20261, 2.5, "学生-甲", "优秀", date("2026-07-02")],
        [2, 1, 1, 20261, 3, 20260002, "B+", "2026-07-03"],
      ]);
      const preview = await request(app)
        .post("/attestations/preview")
        .set(as("host"))
        .set("content-type", XLSX_MEDIA_TYPE)
        .send(workbook)
        .expect(200);
      expect(preview.body.ok).toBe(true);
      expect(preview.body.rows[0]).toEqual({
        line: 2,
        cells: {
          homeId: "2",
          courseId: "1",
          courseVersion: "",
          term: "20261",
          credits: "2.5",
          studentRef: "学生-甲",
          grade: "优秀",
          completionDate: "2026-07-02",
        },
      });
      const accepted = await request(app)
        .post("/attestations")
        .set(as("host", "prv-xlsx-1"))
        .set("content-type", XLSX_MEDIA_TYPE)
        .send(workbook)
        .expect(202);
      expect(accepted.body.accepted).toBe(2);
      const rows = await db.query<Record<string, unknown>>(
        "t",
        "SELECT home_id, course_id, course_version, term, credits, student_ref, grade, completion_date FROM outbox_attestations WHERE id IN ($1, $2) ORDER BY seq",
        accepted.body.ids,
      );
      expect(rows.map((r) => Object.values(r).map(String))).toEqual([
        ["2", "1", "1", "20261", "250", "学生-甲", "优秀", "2026-07-02"],
        ["2", "1", "1", "20261", "300", "20260002", "B+", "2026-07-03"],
      ]);
      // The workbook is the body: a retry replays, another workbook with the same key is refused.
      expect(
        (
          await request(app)
            .post("/attestations")
            .set(as("host", "prv-xlsx-1"))
            .set("content-type", XLSX_MEDIA_TYPE)
            .send(workbook)
            .expect(202)
        ).body,
      ).toEqual(accepted.body);
      const other = await xlsx([[...ROSTER_COLUMNS], [2, 1, 1, 20261, 3, "other", "A", date("2026-07-02")]]);
      await request(app)
        .post("/attestations")
        .set(as("host", "prv-xlsx-1"))
        .set("content-type", XLSX_MEDIA_TYPE)
        .send(other)
        .expect(409);
    });

    it("names an .xlsx roster's bad cells by spreadsheet row, and refuses what is not a workbook, storing nothing", async () => {
      const before = await stored();
      const workbook = await xlsx([
        [],
        [...ROSTER_COLUMNS],
        [2, 1, 1, 20261, 2.555, "PRV-X-1", "A", date("2026-07-02")],
        [],
        [2, 9, 1, 20261, 3, "PRV-X-2", "A", "2026/7/2"],
        [2, 9, 1, 20261, 3, "PRV-X-3", "A", date("2026-07-02")],
      ]);
      const send = (path: string, body: Buffer, idem?: string) =>
        request(app).post(path).set(as("host", idem)).set("content-type", XLSX_MEDIA_TYPE).send(body);
      const preview = await send("/attestations/preview", workbook).expect(200);
      expect(
        preview.body.problems.map((p: { line: number; column: string; code: string }) => [p.line, p.column, p.code]),
      ).toEqual([
        [3, "credits", "invalid_value"],
        [5, "completionDate", "invalid_value"],
        [6, "courseId", "unknown_course"],
      ]);
      const refused = await send("/attestations", workbook, "prv-xlsx-2").expect(400);
      expect(refused.body.error.code).toBe("invalid_xlsx");
      expect(refused.body.error.details.map((d: { row: number; column: string }) => [d.row, d.column])).toEqual([
        [3, "credits"],
        [5, "completionDate"],
      ]);
      for (const [path, idem] of [
        ["/attestations", "prv-xlsx-3"],
        ["/attestations/preview", undefined],
      ] as const) {
        const notXlsx = await send(path, Buffer.from("homeId,courseId\n2,1\n"), idem).expect(400);
        expect(notXlsx.body.error).toMatchObject({ code: "invalid_xlsx", details: [{ reason: "not_a_zip" }] });
        const cut = await send(path, workbook.subarray(0, 500), idem).expect(400);
        expect(cut.body.error.code).toBe("invalid_xlsx");
        const huge = await send(path, Buffer.alloc(21 * 1024 * 1024), idem).expect(413);
        expect(huge.body.error.code).toBe("body_too_large");
        // The same limit as a CSV roster's.
        const csv = await request(app)
          .post(path)
          .set(as("host", idem))
          .set("content-type", "text/csv")
          .send(`${HEADER}\n${`2,1,1,20261,3,${"B".repeat(9_000)},A,2026-07-01\n`.repeat(2_400)}`)
          .expect(413);
        expect(csv.body.error.code).toBe("body_too_large");
      }
      expect(await stored()).toEqual(before);
    });

    it("documents both routes' bodies and the preview's answer in /openapi.json", async () => {
      const doc = (await request(app).get("/openapi.json").expect(200)).body;
      for (const path of ["/attestations", "/attestations/preview"])
        expect(Object.keys(doc.paths[path].post.requestBody.content)).toEqual([
          "application/json",
          "text/csv",
          XLSX_MEDIA_TYPE,
        ]);
      expect(doc.paths["/attestations/preview"].post.responses["200"].content["application/json"].schema).toEqual({
        $ref: "#/components/schemas/RosterPreview",
      });
      expect(doc.paths["/attestations/preview"].post.parameters ?? []).toEqual([]); // no Idempotency-Key
      expect(Object.keys(doc.components.schemas.RosterPreview.properties)).toEqual([
        "count",
        "ok",
        "columns",
        "rows",
        "problems",
      ]);
    });
  },
);
