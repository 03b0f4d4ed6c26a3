import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey, revokeApiKey } from "./auth/apiKeys.js";
import type { Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { createSqliteDatabase } from "./db/sqliteDatabase.js";
import { openApiDocument } from "./openapi.js";
import { createServer } from "./server.js";
import { PAGES } from "./http/webConsole.js";

/**
 * Every secured route in the OpenAPI document, whatever it does: no key and a revoked key are 401,
 * and no write accepts an auditor's or a read-only key. A new route is covered as soon as it is
 * documented; a route missing from the document fails the last test.
 */
let chain: LocalAlliance;
let db: Database;
let app: ReturnType<typeof createServer>;
const keys: Record<string, string> = {};

beforeAll(async () => {
  chain = await startLocalAlliance(2);
  db = createSqliteDatabase(":memory:");
  await migrate(db);
  app = createServer({ db, provider: chain.provider, reader: chain.reader, logger: pino({ level: "silent" }) });
  keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
  keys.readonly = (await createApiKey(db, { label: "r", role: "readonly" })).key;
  const revoked = await createApiKey(db, { label: "gone", role: "secretariat" });
  await revokeApiKey(db, revoked.id);
  keys.revoked = revoked.key;
}, 120_000);
afterAll(async () => {
  await db?.close();
  await chain?.stop();
});

type Method = "get" | "post" | "put" | "delete";
const operations = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, ops]) =>
  Object.entries(ops as Record<string, { security?: unknown[] }>).map(([method, op]) => ({
    method: method as Method,
    path: path.replace(/\{[^}]+\}/g, "1"),
    secured: Boolean(op.security?.length),
  })),
);
const secured = operations.filter((o) => o.secured);
const writes = secured.filter((o) => o.method !== "get");

describe("authorization on every documented route", () => {
  it("documents the routes it checks", () => {
    expect(secured.length).toBeGreaterThanOrEqual(35);
    expect(writes.length).toBeGreaterThanOrEqual(20);
  });

  it.each(secured.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    "%s: 401 without a key and with a revoked key",
    async (_name, o) => {
      expect((await request(app)[o.method](o.path).send({})).body.error.code).toBe("unauthenticated");
      const res = await request(app)
        [o.method](o.path)
        .set("authorization", `Bearer ${keys.revoked}`)
        .set("idempotency-key", "k")
        .send({});
      expect([res.status, res.body.error.code]).toEqual([401, "invalid_api_key"]);
    },
  );

  it.each(writes.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    "%s: 403 for an auditor's and a read-only key",
    async (_name, o) => {
      for (const who of ["auditor", "readonly"]) {
        const res = await request(app)
          [o.method](o.path)
          .set("authorization", `Bearer ${keys[who]}`)
          .set("idempotency-key", `k-${who}`)
          .send({});
        expect([res.status, res.body.error.code]).toEqual([403, "forbidden"]);
      }
    },
  );

  it.each(writes.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    "%s: 401 before its body is read (headers and 1 kB of a declared 5 MB)",
    async (_name, o) => {
      const server = app.listen(0, "127.0.0.1");
      await once(server, "listening");
      try {
        const answer = await new Promise<number>((resolve, reject) => {
          const req = http.request(`http://127.0.0.1:${(server.address() as AddressInfo).port}${o.path}`, {
            method: o.method.toUpperCase(),
            headers: { "content-type": "application/json", "content-length": String(5 * 1024 * 1024) },
          });
          const timer = setTimeout(() => {
            req.destroy();
            reject(new Error("no answer: the body is being read before authentication"));
          }, 60_000); // a ceiling for "never answers", not a speed test
          req.on("response", (res) => {
            clearTimeout(timer);
            res.resume();
            req.destroy();
            resolve(res.statusCode!);
          });
          req.on("error", () => undefined);
          req.write(`[${" ".repeat(1_023)}`);
        });
        expect(answer).toBe(401);
      } finally {
        server.close();
      }
    },
  );

  it("has no undocumented route: every path the app answers is in the OpenAPI document", () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const stack = (
      app as unknown as {
        router: {
          stack: Array<{
            route?: { path: string | string[]; methods: Record<string, boolean> };
            handle?: { stack?: unknown[] };
          }>;
        };
      }
    ).router.stack;
    const routes: string[] = [];
    const walk = (layers: typeof stack) => {
      for (const l of layers) {
        if (l.route)
          for (const m of Object.keys(l.route.methods))
            for (const path of [l.route.path].flat()) routes.push(`${m} ${path.replace(/:[^/]+/g, "1")}`);
        else if (l.handle?.stack) walk(l.handle.stack as typeof stack);
      }
    };
    walk(stack);
    expect(routes.length).toBeGreaterThanOrEqual(operations.length);
    const undocumented = routes.filter(
      // The console's pages are HTML for people, not API operations.
      (r) =>
        !documented.has(r) &&
        !["get /openapi.json", "get /docs", "get /docs/init.js", ...PAGES.map((p) => `get ${p}`)].includes(r),
    );
    expect(undocumented).toEqual([]);
  });
});
