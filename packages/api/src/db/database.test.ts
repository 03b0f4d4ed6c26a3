import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chunkSizes,
  insertRows,
  rowsPerStatement,
  UniqueViolationError,
  valuesPlaceholders,
  type Database,
} from "./database.js";
import { sqliteParameters } from "./sqliteDatabase.js";
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

describe.each(bothDatabases("gateway_insert_rows_test"))("insertRows on %s", (_name, make) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await make());
    await db.query("create", "CREATE TABLE rows_test (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT)");
  });
  afterAll(async () => drop());

  it("inserts every row, in chunks with a remainder, with each value in its column", async () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => [i, `name-${i}`, i % 3 === 0 ? null : `note ${i}`]);
    await db.transaction((tx) => insertRows(tx, "rows", "rows_test", ["id", "name", "note"], rows));
    const stored = await db.query<{ id: number; name: string; note: string | null }>(
      "all",
      "SELECT id, name, note FROM rows_test ORDER BY id",
    );
    expect(stored.map((r) => [Number(r.id), r.name, r.note])).toEqual(rows);
  });

  it("inserts none of them when one row breaks a constraint", async () => {
    const rows = Array.from({ length: 700 }, (_, i) => [10_000 + i, `other-${i}`, null]);
    rows[650] = [20_000, "name-5", null]; // already there
    await expect(
      db.transaction((tx) => insertRows(tx, "rows.dup", "rows_test", ["id", "name", "note"], rows)),
    ).rejects.toEqual(new UniqueViolationError("rows.dup"));
    expect(Number((await db.query<{ n: number }>("n", "SELECT COUNT(*) AS n FROM rows_test"))[0].n)).toBe(1_234);
  });
});

describe("statement shapes", () => {
  it("splits rows into full chunks, then powers of two: few distinct statements", () => {
    expect(chunkSizes(0, 500)).toEqual([]);
    expect(chunkSizes(1, 500)).toEqual([1]);
    expect(chunkSizes(1_234, 500)).toEqual([500, 500, 128, 64, 32, 8, 2]);
    for (const n of [1, 7, 499, 500, 501, 5_000, 9_999]) expect(chunkSizes(n, 500).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it("numbers a VALUES list's placeholders from `first`", () => {
    expect(valuesPlaceholders(2, 3)).toBe("($1, $2, $3), ($4, $5, $6)");
    expect(valuesPlaceholders(1, 2, 5)).toBe("($5, $6)");
    expect(rowsPerStatement(18)).toBeLessThanOrEqual(30_000 / 18);
  });

  it("binds in-order placeholders as plain ? on SQLite, others by number", () => {
    expect(sqliteParameters("INSERT INTO t VALUES ($1, $2), ($3, $4)")).toBe("INSERT INTO t VALUES (?, ?), (?, ?)");
    expect(sqliteParameters("UPDATE t SET a = $2 WHERE b = $1")).toBe("UPDATE t SET a = ?2 WHERE b = ?1");
    expect(sqliteParameters("SELECT $1 AS a, $1 AS b")).toBe("SELECT ?1 AS a, ?1 AS b");
  });
});
