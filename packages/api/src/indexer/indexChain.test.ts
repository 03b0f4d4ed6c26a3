import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateTerm, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { createServer } from "../server.js";
import { indexChain } from "./indexChain.js";
import { bothDatabases } from "../testing/bothDatabases.js";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  await simulateTerm(chain, { batches: 5, perBatch: 4, recognitions: 3, costEntries: 9 });
}, 60_000);
afterAll(async () => chain?.stop());

describe.each(bothDatabases("gateway_indexer_test"))("the indexer on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let key: string;
  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      indexing: true,
      logger: pino({ level: "silent" }),
    });
    key = (await createApiKey(db, { label: "viewer", role: "readonly" })).key;
  });
  afterAll(async () => drop());

  it("is not ready until the index has caught up with the chain", async () => {
    expect((await request(app).get("/ready").expect(503)).body.error.code).toBe("index_behind");
    const run = await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses, blockRange: 7 });
    expect(run.events).toBeGreaterThan(20);
    expect((await request(app).get("/ready").expect(200)).body).toEqual({ ready: true }); // the block numbers stay in the log
  });

  it("serves batches from the index, filtered and paged", async () => {
    const all = (await request(app).get("/batches").set("authorization", `Bearer ${key}`).expect(200)).body;
    expect(all.total).toBe(5);
    const mine = (
      await request(app).get("/batches?issuerId=2&limit=1").set("authorization", `Bearer ${key}`).expect(200)
    ).body;
    expect(mine.total).toBe(2);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ issuerId: 2, count: 4 });
  });

  it("gives the same answers after the index is dropped and rebuilt, and never stores an event twice", async () => {
    const before = (await request(app).get("/batches?limit=500").set("authorization", `Bearer ${key}`).expect(200))
      .body;
    const [{ n: eventsBefore }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM chain_events");
    expect((await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses })).events).toBe(0);
    await db.query("t", "DELETE FROM chain_events");
    await db.query("t", "DELETE FROM indexer_cursor");
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses, blockRange: 3 });
    const [{ n: eventsAfter }] = await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM chain_events");
    expect(Number(eventsAfter)).toBe(Number(eventsBefore));
    expect(
      (await request(app).get("/batches?limit=500").set("authorization", `Bearer ${key}`).expect(200)).body,
    ).toEqual(before);
  });
});
