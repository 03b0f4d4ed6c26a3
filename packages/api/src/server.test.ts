import { JsonRpcProvider } from "ethers";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anchorBatch,
  buildAttestationTree,
  issueCredentialFiles,
  publishCourse,
  sealAttestation,
  type CredentialFile,
} from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "./auth/apiKeys.js";
import type { Database } from "./db/database.js";
import { indexChain } from "./indexer/indexChain.js";
import { migrate } from "./db/migrate.js";
import { createServer } from "./server.js";
import { bothDatabases } from "./testing/bothDatabases.js";

let chain: LocalAlliance;
let credential: CredentialFile;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  const [host] = chain.members;
  await publishCourse(host, {
    code: "API1",
    terms: { metadata: "x", credits: 200, contactHours: 32, feePerCredit: 100n, term: 20261, seats: 20 },
  });
  const sealed = [
    sealAttestation({
      issuerId: 1,
      homeId: 2,
      courseId: 1,
      courseVersion: 1,
      term: 20261,
      credits: 200,
      studentRef: "S-API",
      grade: "B",
      completionDate: "2026-07-01",
    }),
  ];
  const tree = buildAttestationTree(sealed.map((s) => s.attestation));
  await anchorBatch(host, { root: tree.root, count: 1 });
  [credential] = issueCredentialFiles({
    tree,
    sealed,
    chainId: 31337,
    creditLedger: chain.reader.addresses.creditLedger,
  });
}, 120_000);
afterAll(async () => chain?.stop());

/** The same HTTP tests against the embedded database and a real PostgreSQL server. */
describe.each(bothDatabases("gateway_server_test"))("gateway on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let keys: { secretariat: string; member: string; readonly: string; revoked: string; revokedId: string };

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    app = createServer({ db, provider: chain.provider, reader: chain.reader, logger: pino({ level: "silent" }) });
    // The alliance was set up with the SDK: the read model learns it as the background indexer would.
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    const revoked = await createApiKey(db, { label: "old", role: "secretariat" });
    keys = {
      secretariat: (await createApiKey(db, { label: "secretariat", role: "secretariat" })).key,
      member: (await createApiKey(db, { label: "BIT registrar", role: "member", memberId: 1 })).key,
      readonly: (await createApiKey(db, { label: "viewer", role: "readonly" })).key,
      revoked: revoked.key,
      revokedId: revoked.id,
    };
    await request(app).delete(`/api-keys/${revoked.id}`).set("authorization", `Bearer ${keys.secretariat}`).expect(204);
  });
  afterAll(async () => (drop ? drop() : db?.close()));

  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  it("reports health with the chain id and block number, and readiness", async () => {
    const health = await request(app).get("/health").expect(200);
    expect(health.body).toMatchObject({ status: "ok", chainId: 31337 });
    expect(health.body.blockNumber).toBeGreaterThan(0);
    expect(health.headers["x-request-id"]).toMatch(/^[\w-]+$/);
    expect((await request(app).get("/ready").expect(200)).body).toEqual({ ready: true });
    expect((await request(app).get("/metrics").set(as(keys.secretariat)).expect(200)).text).toContain(
      "http_requests_total",
    );
  });

  it("is not ready when the chain node is down", async () => {
    const dead = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: true });
    const offline = createServer({ db, provider: dead, reader: chain.reader, logger: pino({ level: "silent" }) });
    const r = await request(offline).get("/ready").expect(503);
    expect(r.body.error.code).toBe("chain_unreachable");
    expect(r.body.error.requestId).toBe(r.headers["x-request-id"]);
    dead.destroy();
  });

  it("keeps its pages working over plain HTTP on an intranet: a strict CSP without upgrade-insecure-requests", async () => {
    const csp = (await request(app).get("/docs").set("host", "gateway.school.local").expect(200)).headers[
      "content-security-policy"
    ];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("serves OpenAPI 3.1 generated from the validating schemas, and a docs page", async () => {
    const doc = (await request(app).get("/openapi.json").expect(200)).body;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/health", "/credentials/verify", "/api-keys", "/members"]),
    );
    expect(doc.components.schemas.CreateApiKey.properties.role.enum).toEqual([
      "member",
      "secretariat",
      "auditor",
      "readonly",
    ]);
    const docs = (await request(app).get("/docs").expect(200)).text;
    expect(docs).toContain("/credentials/verify"); // the plain list, for readers without JavaScript
    // Swagger UI is served from the installed package and pointed at our document: nothing from a CDN.
    expect(docs).not.toMatch(/https?:\/\//);
    for (const asset of docs.match(/(?:src|href)="(\/docs\/[^"]+)"/g)!.map((m) => m.split('"')[1]))
      await request(app).get(asset).expect(200);
    expect((await request(app).get("/docs/init.js").expect(200)).text).toContain('url: "/openapi.json"');
    // Every operation sits in a section of the docs.
    const untagged = Object.entries((await request(app).get("/openapi.json")).body.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { tags?: string[] }>)
        .filter(([, op]) => !op.tags?.length)
        .map(([m]) => `${m} ${path}`),
    );
    expect(untagged).toEqual([]);
  });

  describe("POST /credentials/verify", () => {
    it("verifies a credential without an account", async () => {
      const r = await request(app).post("/credentials/verify").send(credential).expect(200);
      expect(r.body.valid).toBe(true);
      expect(r.body.checks.map((c: { name: string }) => c.name)).toContain("issuerStanding");
    });

    it("reports an altered credential as invalid, naming the check", async () => {
      const r = await request(app)
        .post("/credentials/verify")
        .send({ ...credential, attestation: { ...credential.attestation, credits: 999 } })
        .expect(200);
      expect(r.body.valid).toBe(false);
      expect(r.body.checks.find((c: { name: string }) => c.name === "proof").outcome).toBe("fail");
    });

    it("refuses what is not a credential file with the field at fault, and malformed JSON", async () => {
      const r = await request(app)
        .post("/credentials/verify")
        .send({ ...credential, chainId: "one" })
        .expect(400);
      expect(r.body.error.code).toBe("invalid_credential_file");
      expect(r.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: "/chainId" })]));
      const bad = await request(app)
        .post("/credentials/verify")
        .set("content-type", "application/json")
        .send("{oops")
        .expect(400);
      expect(bad.body.error.code).toBe("invalid_json");
    });
  });

  describe("API keys", () => {
    it("issues a key once to the secretariat and it works", async () => {
      const r = await request(app)
        .post("/api-keys")
        .set(as(keys.secretariat))
        .send({ label: "HEBUT registrar", role: "member", memberId: 3 })
        .expect(201);
      expect(r.body.key).toMatch(/^al_[0-9a-f]{12}_/);
      await request(app).get("/members").set(as(r.body.key)).expect(200);
      const [stored] = await db.query<{ key_hash: string }>("t", "SELECT key_hash FROM api_keys WHERE id = $1", [
        r.body.id,
      ]);
      expect(stored.key_hash).not.toContain(r.body.key.slice(20)); // only the hash is kept
    });

    it("refuses invalid bodies with the field named", async () => {
      const r = await request(app)
        .post("/api-keys")
        .set(as(keys.secretariat))
        .send({ label: "x", role: "member" })
        .expect(400);
      expect(r.body.error).toMatchObject({
        code: "validation_failed",
        details: [expect.objectContaining({ field: "memberId" })],
      });
      const extra = await request(app)
        .post("/api-keys")
        .set(as(keys.secretariat))
        .send({ label: "x", role: "auditor", admin: true })
        .expect(400);
      expect(extra.body.error.details[0].message).toMatch(/admin/);
    });

    it("refuses a member key, a revoked key and no key", async () => {
      expect(
        (await request(app).post("/api-keys").set(as(keys.member)).send({ label: "x", role: "auditor" }).expect(403))
          .body.error.code,
      ).toBe("forbidden");
      expect(
        (await request(app).post("/api-keys").set(as(keys.revoked)).send({ label: "x", role: "auditor" }).expect(401))
          .body.error.code,
      ).toBe("invalid_api_key");
      expect(
        (await request(app).post("/api-keys").send({ label: "x", role: "auditor" }).expect(401)).body.error.code,
      ).toBe("unauthenticated");
      expect(
        (await request(app).delete(`/api-keys/${keys.revokedId}`).set(as(keys.secretariat)).expect(404)).body.error
          .code,
      ).toBe("api_key_not_found");
    });
  });

  describe("GET /members", () => {
    it("lists members with filters and pages", async () => {
      const r = await request(app).get("/members?status=active&limit=2").set(as(keys.readonly)).expect(200);
      expect(r.body.total).toBe(3);
      expect(r.body.items.map((m: { memberId: number }) => m.memberId)).toEqual([1, 2]);
      const bad = await request(app).get("/members?limit=0").set(as(keys.readonly)).expect(400);
      expect(bad.body.error.details[0].field).toBe("limit");
      await request(app).get("/members").set(as(keys.revoked)).expect(401);
    });
  });

  it("answers unknown routes with the one error shape", async () => {
    const r = await request(app).get("/nope").expect(404);
    expect(r.body).toEqual({
      error: { code: "not_found", message: "No route GET /nope.", details: [], requestId: r.headers["x-request-id"] },
    });
    expect(r.body.error.requestId).toMatch(/^[\w-]{8,}$/);
  });
});

describe("request logs and domain metrics", () => {
  it("logs one line per request with its member and never the query string, and exports outbox depth and index lag", async () => {
    const { createSqliteDatabase } = await import("./db/sqliteDatabase.js");
    const db = createSqliteDatabase(":memory:");
    await migrate(db);
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = createServer({ db, provider: chain.provider, reader: chain.reader, logger });
    const member = (await createApiKey(db, { label: "m", role: "member", memberId: 2 })).key;
    const auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
    await db.query(
      "t",
      `INSERT INTO outbox_attestations (id, seq, issuer_id, home_id, course_id, course_version, term, credits, student_ref,
         grade, completion_date, learner_salt, grade_salt, completion_salt, leaf, status, created_at)
       VALUES ('x', 1, 1, 2, 1, 1, 20261, 200, 'S', 'A', '2026-07-01', 's', 's', 's', 'pending:x', 'pending', 'now')`,
    );

    await request(app)
      .get("/members?status=active&studentRef=S-SECRET")
      .set("authorization", `Bearer ${member}`)
      .expect(200);
    const logged = lines.find((l) => l.msg === "request")!;
    expect(logged).toMatchObject({
      req: { method: "GET", path: "/members" },
      res: { status: 200 },
      member: 2,
      role: "member",
    });
    expect(logged.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toMatch(/S-SECRET|Bearer|al_/);

    const metrics = (await request(app).get("/metrics").set("authorization", `Bearer ${auditor}`).expect(200)).text;
    expect(metrics).toMatch(/^alliance_outbox_depth\{status="pending"\} 1$/m);
    expect(metrics).toMatch(/^alliance_outbox_depth\{status="anchoring"\} 0$/m);
    // No indexer has run: every block from 0 to the head is still to index.
    expect(metrics).toMatch(
      new RegExp(`^alliance_indexer_lag_blocks ${(await chain.provider.getBlockNumber()) + 1}$`, "m"),
    );
    expect(metrics).toMatch(/^alliance_anchoring_failures_total 0$/m);
    await db.close();
  });
});
