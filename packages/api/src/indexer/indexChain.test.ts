import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateTerm, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { createServer } from "../server.js";
import { READ_MODEL_SQL_TABLES } from "../readModel/readModelTables.js";
import { dropReadModel, indexChain } from "./indexChain.js";
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

  /** Every read-model table's rows, in key order. */
  const readModel = async () =>
    Object.fromEntries(
      await Promise.all(
        READ_MODEL_SQL_TABLES.map(async (t) => [t, await db.query("t", `SELECT * FROM ${t} ORDER BY key`)] as const),
      ),
    );
  const LISTS = ["/batches?limit=500", "/courses", "/proposals", "/cost-entries?limit=500", "/settlements", "/members"];
  const lists = async () =>
    Promise.all(
      LISTS.map(async (path) => (await request(app).get(path).set("authorization", `Bearer ${key}`).expect(200)).body),
    );

  it("folds every event once: runs started together, and a run with nothing new, change nothing", async () => {
    const tables = await readModel();
    expect(tables.indexed_cost_entries).toHaveLength(9);
    expect(tables.indexed_batches).toHaveLength(5);
    const runs = await Promise.all(
      [1, 2, 3].map(() => indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses })),
    );
    expect(runs.map((r) => r.events)).toEqual([0, 0, 0]);
    expect(await readModel()).toEqual(tables);
  });

  it("gives identical tables and answers after the read model is dropped and rebuilt in other block ranges", async () => {
    const [tables, answers] = [await readModel(), await lists()];
    await dropReadModel(db);
    expect((await readModel()).indexed_batches).toEqual([]);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses, blockRange: 3 });
    expect(await readModel()).toEqual(tables);
    expect(await lists()).toEqual(answers);
  });
});
