import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayClient, GatewayError, publishCourse, verifyCredential } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "./auth/apiKeys.js";
import type { Database } from "./db/database.js";
import { indexChain } from "./indexer/indexChain.js";
import { migrate } from "./db/migrate.js";
import { createSqliteDatabase } from "./db/sqliteDatabase.js";
import { anchorPendingBatches } from "./outbox/anchorPendingBatches.js";
import { createServer } from "./server.js";

/** The SDK's typed REST client against a running gateway. */
let chain: LocalAlliance;
let db: Database;
let server: Server;
let baseUrl: string;
let keys: { host: string; secretariat: string };

beforeAll(async () => {
  chain = await startLocalAlliance(2);
  await publishCourse(chain.members[0], {
    code: "GW1",
    terms: { metadata: "x", credits: 300, contactHours: 48, feePerCredit: 1n, term: 20261, seats: 50 },
  });
  db = createSqliteDatabase(":memory:");
  await migrate(db);
  const app = createServer({
    db,
    provider: chain.provider,
    reader: chain.reader,
    signers: new Map([[1, chain.members[0]]]),
    logger: pino({ level: "silent" }),
  });
  await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  keys = {
    host: (await createApiKey(db, { label: "h", role: "member", memberId: 1 })).key,
    secretariat: (await createApiKey(db, { label: "s", role: "secretariat" })).key,
  };
}, 120_000);
afterAll(async () => {
  server?.close();
  await db?.close();
  await chain?.stop();
});

describe("createGatewayClient", () => {
  it("submits a roster, fetches the anchored credential and verifies it through the gateway", async () => {
    const gw = createGatewayClient({ baseUrl, apiKey: keys.host });
    expect((await gw.health()).chainId).toBe(31337);
    const { ids } = await gw.submitAttestations({
      records: [
        {
          homeId: 2,
          courseId: 1,
          term: 20261,
          credits: 3,
          studentRef: "GW-1",
          grade: "A",
          completionDate: "2026-07-01",
        },
      ],
      idempotencyKey: "gw-1",
    });
    await expect(gw.getCredential(ids[0])).rejects.toMatchObject({ status: 409, code: "not_anchored_yet" });
    await anchorPendingBatches({ db, signers: new Map([[1, chain.members[0]]]) });
    const file = await gw.getCredential(ids[0]);
    expect((await gw.verifyCredential(file)).valid).toBe(true);
    expect(
      (
        await verifyCredential(file, chain.provider, {
          chainId: 31337,
          creditLedger: chain.reader.addresses.creditLedger,
        })
      ).valid,
    ).toBe(true);
    const csv = await gw.submitRosterCsv({
      csv: "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n2,1,1,20261,3,GW-2,B,2026-07-01\n",
    });
    expect(csv.accepted).toBe(1);
  });

  it("turns the gateway's errors into GatewayError with code and details", async () => {
    const viewer = createGatewayClient({ baseUrl, apiKey: "al_wrong_key" });
    await expect(viewer.listMembers()).rejects.toMatchObject({
      name: "GatewayError",
      status: 401,
      code: "invalid_api_key",
    });
    const admin = createGatewayClient({ baseUrl, apiKey: keys.secretariat });
    const error = await admin.createApiKey({ label: "x", role: "member" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).errorDetails).toEqual([expect.objectContaining({ field: "memberId" })]);
    expect((await admin.listMembers({ status: "active", limit: 1 })).total).toBe(2);
  });
});
