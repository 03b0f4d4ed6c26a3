import fc from "fast-check";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import writeXlsxFile from "write-excel-file/node";
import { createApiKey } from "./auth/apiKeys.js";
import type { Database } from "./db/database.js";
import { READ_MODEL_SQL_TABLES } from "./readModel/readModelTables.js";
import { migrate } from "./db/migrate.js";
import { createSqliteDatabase } from "./db/sqliteDatabase.js";
import { XLSX_MEDIA_TYPE } from "./outbox/readRosterXlsx.js";
import { createServer } from "./server.js";

/**
 * 10,000 generated malformed requests across the routes: wrong types, missing and extra fields, huge
 * and hostile strings, broken JSON, bad keys. None may produce a 5xx or change any state.
 */
let chain: LocalAlliance;
let db: Database;
let app: ReturnType<typeof createServer>;
const keys: Record<string, string> = {};
/** A roster workbook, for the fuzzer to damage. */
let workbook: Buffer;

beforeAll(async () => {
  workbook = await writeXlsxFile([
    ["homeId", "courseId", "courseVersion", "term", "credits", "studentRef", "grade", "completionDate"],
    [2, 1, 1, 20261, 2.5, "学生-甲", "优秀", "2026-07-01"],
  ]).toBuffer();
  chain = await startLocalAlliance(2);
  db = createSqliteDatabase(":memory:");
  await migrate(db);
  app = createServer({
    db,
    provider: chain.provider,
    reader: chain.reader,
    logger: pino({ level: "silent" }),
    rateLimitPerMinute: 1_000_000,
  });
  keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
  keys.member = (await createApiKey(db, { label: "m", role: "member", memberId: 1 })).key;
}, 120_000);
afterAll(async () => {
  await db?.close();
  await chain?.stop();
});

async function snapshot() {
  const tables = [
    "api_keys",
    "outbox_attestations",
    "outbox_batches",
    "idempotency_keys",
    "custodial_keys",
    ...READ_MODEL_SQL_TABLES,
  ];
  return [
    await chain.provider.getBlockNumber(),
    ...(await Promise.all(tables.map((t) => db.query(`snapshot.${t}`, `SELECT * FROM ${t} ORDER BY 1`)))),
  ];
}

const hostile = fc.oneof(
  fc.string(),
  fc.string({ minLength: 500, maxLength: 2000 }),
  fc.constantFrom(
    "'; DROP TABLE api_keys; --",
    "\u0000",
    "../../etc/passwd",
    "<script>",
    "NaN",
    "-1",
    "1e309",
    "0x",
    "null",
    "__proto__",
  ),
);
const anyJson = fc.oneof(fc.jsonValue(), fc.dictionary(hostile, fc.jsonValue()), fc.array(fc.jsonValue()));
const almostRecord = fc.record(
  {
    homeId: fc.oneof(fc.integer(), fc.double(), hostile, fc.constant(null)),
    courseId: fc.oneof(fc.integer(), hostile),
    term: fc.oneof(fc.integer(), hostile),
    credits: fc.oneof(
      fc.integer({ min: -10, max: 2 ** 33 }),
      fc.double(),
      hostile,
      fc.constantFrom("2.5", "2.555", "1e3", " 3", "3.", ".5", "99999999.99", 0.1 + 0.2),
    ),
    studentRef: fc.oneof(hostile, fc.integer()),
    grade: fc.oneof(hostile, fc.constant("")),
    completionDate: fc.oneof(
      hostile,
      fc.date().map((d) => d.toString()),
    ),
    extra: hostile,
  },
  { requiredKeys: [] },
);

const csvCell = fc.oneof(
  hostile,
  fc.integer().map(String),
  fc.constantFrom("", "2", "1", "20261", "2.5", "300", "2026-07-01", '"', '""', "\r", ","),
);
const csvRoster = fc
  .tuple(
    fc.oneof(fc.constant("homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate"), hostile),
    fc.array(
      fc.array(csvCell, { minLength: 0, maxLength: 10 }).map((cells) => cells.join(",")),
      { maxLength: 5 },
    ),
  )
  .map(([header, rows]) => [header, ...rows].join("\n"));

const hex = (n: number) => fc.stringMatching(new RegExp(`^0x[0-9a-f]{${n}}$`));
const governanceBody = fc.record(
  {
    name: hostile,
    kind: fc.constantFrom("university", "vocationalCollege", "guild"),
    operator: fc.oneof(hex(40), hostile),
    add: fc.oneof(hex(40), hostile),
    remove: fc.oneof(hex(40), hostile),
    action: fc.constantFrom("admit", "suspend", "withdraw", "amendCharter", "coup"),
    memberId: fc.oneof(fc.integer(), hostile),
    charter: anyJson,
    tier: fc.constantFrom("general", "certified", "gold"),
    report: hostile,
    replacementId: hostile,
    reasonCode: fc.oneof(fc.integer(), hostile),
    from: fc.oneof(hex(40), hostile),
    to: fc.oneof(hex(40), hostile),
    value: fc.constantFrom("0", "1", 0),
    gas: fc.oneof(fc.bigInt({ min: 0n }).map(String), hostile),
    nonce: fc.oneof(fc.bigInt({ min: 0n }).map(String), hostile),
    deadline: fc.oneof(fc.integer(), fc.double()),
    data: fc.oneof(hex(8), hex(200), hostile),
    signature: fc.oneof(hex(130), hostile),
    code: hostile,
    metadata: hostile,
    credits: fc.oneof(fc.integer(), hostile),
  },
  { requiredKeys: [] },
);

/** The workbook with bytes overwritten, or cut short. */
const damagedWorkbook = fc
  .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.option(fc.nat()))
  .map(([edits, cut]) => {
    const bytes = Buffer.from(workbook);
    for (const [at, value] of edits) bytes[at % bytes.length] = value;
    return cut === null ? bytes : bytes.subarray(0, cut % bytes.length);
  });

const requestArb = fc.oneof(
  fc.record({
    method: fc.constant("post"),
    path: fc.constantFrom("/attestations", "/attestations/preview"),
    key: fc.constantFrom("member", "secretariat", "none", "bogus"),
    body: fc.constant(null),
    raw: csvRoster,
    contentType: fc.constant("text/csv"),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc.constantFrom("/attestations", "/attestations/preview"),
    key: fc.constantFrom("member", "secretariat", "none", "bogus"),
    body: fc.constant(null),
    raw: damagedWorkbook,
    contentType: fc.constant(XLSX_MEDIA_TYPE),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc.constantFrom("/attestations", "/attestations/preview"),
    key: fc.constantFrom("member", "secretariat", "none", "bogus"),
    body: fc.oneof(anyJson, fc.record({ records: fc.oneof(fc.array(almostRecord, { maxLength: 3 }), anyJson) })),
    raw: fc.option(hostile),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc.constant("/credentials/verify"),
    key: fc.constant("none"),
    body: fc.oneof(
      anyJson,
      fc.record(
        {
          type: fc.constant("AllianceCreditCredential"),
          version: fc.constant(1),
          chainId: fc.oneof(fc.integer(), hostile),
          attestation: anyJson,
          proof: fc.array(hostile),
          disclosures: anyJson,
        },
        { requiredKeys: [] },
      ),
    ),
    raw: fc.option(hostile),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc.constant("/api-keys"),
    key: fc.constantFrom("member", "none", "bogus"),
    body: anyJson,
    raw: fc.option(hostile),
  }),
  fc.record({
    method: fc.constant("get"),
    path: fc.oneof(
      fc.constant("/members"),
      hostile.map((h) => `/members?limit=${encodeURIComponent(h)}&status=${encodeURIComponent(h)}`),
    ),
    key: fc.constantFrom("member", "none", "bogus"),
    body: fc.constant(null),
    raw: fc.constant(null),
  }),
  fc.record({
    method: fc.constant("get"),
    path: hostile.map((h) => `/attestations/${encodeURIComponent(h)}/credential`),
    key: fc.constantFrom("member", "bogus"),
    body: fc.constant(null),
    raw: fc.constant(null),
  }),
  fc.record({
    method: fc.constant("delete"),
    path: hostile.map((h) => `/api-keys/${encodeURIComponent(h)}`),
    key: fc.constantFrom("member", "none"),
    body: fc.constant(null),
    raw: fc.constant(null),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc.constantFrom("/cost-entries", "/periods", "/settlements", "/recognitions"),
    key: fc.constantFrom("member", "secretariat", "none"),
    body: fc.oneof(
      anyJson,
      fc.record(
        {
          kind: fc.constantFrom("cash", "inKind", "expense", "reversal", "gift"),
          periodId: fc.oneof(fc.integer(), hostile),
          amount: fc.oneof(hostile, fc.double(), fc.bigInt().map(String)),
          decisions: fc.array(anyJson, { maxLength: 3 }),
          shares: fc.array(anyJson, { maxLength: 3 }),
          currency: hostile,
        },
        { requiredKeys: [] },
      ),
    ),
    raw: fc.option(hostile),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc
      .tuple(
        fc.constantFrom("/cost-entries/", "/periods/", "/settlements/"),
        hostile,
        fc.constantFrom("/confirm", "/reject", "/close"),
      )
      .map(([a, h, b]) => `${a}${encodeURIComponent(h)}${b}`),
    key: fc.constantFrom("member", "secretariat"),
    body: anyJson,
    raw: fc.constant(null),
  }),
  fc.record({
    method: fc.constant("post"),
    path: fc.constantFrom("/members", "/proposals", "/courses", "/relay"),
    key: fc.constantFrom("member", "secretariat", "none"),
    body: fc.oneof(anyJson, governanceBody),
    raw: fc.option(hostile),
  }),
  fc.record({
    method: fc.constantFrom("post", "put"),
    path: fc
      .tuple(
        fc.constantFrom("/members/", "/proposals/", "/courses/", "/attestations/"),
        fc.oneof(hostile, fc.integer().map(String)),
        fc.constantFrom("/operators", "/approve", "/versions", "/retire", "/tier", "/supersede", "/revoke"),
      )
      .map(([a, h, b]) => `${a}${encodeURIComponent(h)}${b}`),
    key: fc.constantFrom("member", "secretariat", "bogus"),
    body: fc.oneof(anyJson, governanceBody),
    raw: fc.constant(null),
  }),
  fc.record({
    method: fc.constant("get"),
    path: fc.oneof(
      hostile.map((h) => `/courses?tier=${encodeURIComponent(h)}&hostMemberId=${encodeURIComponent(h)}`),
      hostile.map((h) => `/proposals?executed=${encodeURIComponent(h)}&action=${encodeURIComponent(h)}`),
      hostile.map((h) => `/members/${encodeURIComponent(h)}`),
      hostile.map((h) => `/audit/export?limit=${encodeURIComponent(h)}`),
      hostile.map((h) => `/batches/${encodeURIComponent(h)}/credentials`),
      hostile.map((h) => `/batches/${encodeURIComponent(h)}/credentials?format=${encodeURIComponent(h)}`),
      fc.constant(`/batches/0x${"ab".repeat(32)}/credentials?format=zip`),
      fc.constant("/api-keys/self"),
    ),
    key: fc.constantFrom("member", "secretariat", "bogus"),
    body: fc.constant(null),
    raw: fc.constant(null),
  }),
  fc.record({
    method: fc.constant("get"),
    path: fc.oneof(
      fc.constant("/recognitions/inbox"),
      hostile.map((h) => `/settlements?confirmed=${encodeURIComponent(h)}&offset=${encodeURIComponent(h)}`),
      hostile.map((h) => `/cost-entries?status=${encodeURIComponent(h)}&periodId=${encodeURIComponent(h)}`),
      hostile.map((h) => `/recognitions/inbox?issuerId=${encodeURIComponent(h)}&limit=${encodeURIComponent(h)}`),
      hostile.map((h) => `/batches?issuerId=${encodeURIComponent(h)}&offset=${encodeURIComponent(h)}`),
      hostile.map((h) => `/periods/${encodeURIComponent(h)}/reconciliation`),
    ),
    key: fc.constantFrom("member", "secretariat", "bogus"),
    body: fc.constant(null),
    raw: fc.constant(null),
  }),
);

describe("gateway fuzzing", () => {
  it("answers 10,000 malformed requests with 4xx and the error shape, never a 5xx, and changes nothing", async () => {
    const before = await snapshot();
    let count = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, fc.string({ maxLength: 20 }), async (r, idem) => {
        count += 1;
        let req = request(app)[r.method as "get" | "post" | "put" | "delete"](r.path);
        if (r.key === "bogus") req = req.set("authorization", "Bearer al_nope_nope");
        else if (r.key !== "none") req = req.set("authorization", `Bearer ${keys[r.key]}`);
        if (r.method === "post" || r.method === "put") req = req.set("idempotency-key", idem);
        const payload = r.raw ?? (r.body === null ? undefined : JSON.stringify(r.body));
        const contentType = (r as { contentType?: string }).contentType ?? "application/json";
        const res = payload === undefined ? await req : await req.set("content-type", contentType).send(payload);
        expect(res.status, `${r.method} ${r.path} -> ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
        if (res.status >= 400)
          expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: 10_000, seed: 4242 },
    );
    expect(count).toBe(10_000);
    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
