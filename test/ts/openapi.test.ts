import { execFileSync } from "node:child_process";
import pino from "pino";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { JsonRpcProvider } from "ethers";
import { createServer } from "@alliance-ledger/api";
import { createAllianceClient } from "@alliance-ledger/sdk";

describe("npm run openapi", () => {
  it("prints the gateway's OpenAPI document without a node, the same one a running gateway serves", async () => {
    // Nothing listens on port 9: the script must not need a chain, a database or a server.
    const printed = JSON.parse(
      execFileSync("npm", ["run", "-s", "openapi"], {
        encoding: "utf8",
        env: { ...process.env, ALLIANCE_RPC_URL: "http://127.0.0.1:9" },
      }),
    );
    expect(printed.openapi).toBe("3.1.0");
    expect(Object.keys(printed.paths)).toEqual(
      expect.arrayContaining(["/attestations", "/chain-writes", "/audit/report"]),
    );

    const provider = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: true });
    const { createSqliteDatabase } = await import("../../packages/api/src/db/sqliteDatabase.js");
    const db = createSqliteDatabase(":memory:");
    const reader = createAllianceClient({
      runner: provider,
      addresses: { registry: ZERO, catalog: ZERO, creditLedger: ZERO, costLedger: ZERO, forwarder: ZERO },
    });
    const app = createServer({ db, provider, reader, logger: pino({ level: "silent" }) });
    expect((await request(app).get("/openapi.json").expect(200)).body).toEqual(printed);
    provider.destroy();
    await db.close();
  });
});

describe("the OpenAPI document", () => {
  it("declares every operation completely: id, security, Idempotency-Key on writes, the error body on every error", () => {
    const doc = JSON.parse(execFileSync("npm", ["run", "-s", "openapi"], { encoding: "utf8" })) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ name: `${method} ${path}`, method, op })),
    );
    expect(ops.length).toBeGreaterThan(40);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter((o) => !Array.isArray(o.op.security)).map((o) => o.name)).toEqual([]);
    expect(doc.paths["/health"].get.security).toEqual([]); // public, and says so
    expect(doc.paths["/credentials/verify"].post.security).toEqual([]);
    const writes = ops.filter((o) => o.method !== "get" && o.op.security!.length > 0);
    const withoutKey = writes.filter(
      (o) => !o.op.parameters?.some((p) => p.in === "header" && p.name === "Idempotency-Key" && p.required),
    );
    // The secretariat's key housekeeping, the roster preview (a dry run: it stores nothing to repeat),
    // and handing in a course's text (the same text twice is the same row).
    expect(withoutKey.map((o) => o.name).sort()).toEqual([
      "delete /api-keys/{id}",
      "post /api-keys",
      "post /attestations/preview",
      "put /courses/{courseId}/versions/{version}/text",
    ]);
    const bareErrors = ops.flatMap((o) =>
      Object.entries(o.op.responses)
        .filter(([status, r]) => /^[45]/.test(status) && !r.content?.["application/json"])
        .map(([status]) => `${o.name} ${status}`),
    );
    expect(bareErrors).toEqual([]);
    expect(Object.keys(doc.paths["/attestations"].post.requestBody!.content)).toEqual([
      "application/json",
      "text/csv",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]);
    // Every success answer has a schema (a generated client types it); 204 has no body.
    const untyped = ops.flatMap((o) =>
      Object.entries(o.op.responses)
        .filter(([status, r]) => /^2/.test(status) && status !== "204" && !r.content)
        .map(([status]) => `${o.name} ${status}`),
    );
    expect(untyped).toEqual([]);
  });
});

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const ZERO = "0x0000000000000000000000000000000000000000";
