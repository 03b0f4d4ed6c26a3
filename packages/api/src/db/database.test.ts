import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UniqueViolationError, type Database } from "./database.js";
import { bothDatabases } from "../testing/bothDatabases.js";

describe.each(bothDatabases("gateway_layer_test"))("the query layer on %s", (_name, make) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await make());
    await db.query("create", "CREATE TABLE layer_test (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
  });
  afterAll(async () => drop());

  it("commits a transaction's writes together", async () => {
    await db.transaction(async (tx) => {
      await tx.query("a", "INSERT INTO layer_test (id, name) VALUES ($1, $2)", [1, "one"]);
      await tx.query("b", "INSERT INTO layer_test (id, name) VALUES ($1, $2)", [2, "two"]);
    });
    expect(await db.query("all", "SELECT name FROM layer_test ORDER BY id")).toEqual([
      { name: "one" },
      { name: "two" },
    ]);
  });

  it("rolls back every write when one fails, and names unique violations", async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query("c", "INSERT INTO layer_test (id, name) VALUES ($1, $2)", [3, "three"]);
      await tx.query("dup", "INSERT INTO layer_test (id, name) VALUES ($1, $2)", [4, "one"]);
    });
    await expect(failing).rejects.toEqual(new UniqueViolationError("dup"));
    expect(await db.query("count", "SELECT COUNT(*) AS n FROM layer_test")).toEqual([{ n: expect.anything() }]);
    expect(Number((await db.query<{ n: number }>("count", "SELECT COUNT(*) AS n FROM layer_test"))[0].n)).toBe(2);
  });

  it("keeps statements from other requests out of an open transaction", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query("e", "INSERT INTO layer_test (id, name) VALUES ($1, $2)", [5, "five"]);
      await gate;
      throw new Error("abort");
    });
    const outside = db.query("f", "INSERT INTO layer_test (id, name) VALUES ($1, $2)", [6, "six"]);
    release();
    await expect(tx).rejects.toThrow("abort");
    await outside;
    expect(
      (await db.query<{ name: string }>("names", "SELECT name FROM layer_test WHERE id >= 5 ORDER BY id")).map(
        (r) => r.name,
      ),
    ).toEqual(["six"]);
  });
});
