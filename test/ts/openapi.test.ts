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

const ZERO = "0x0000000000000000000000000000000000000000";
