import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRows, type Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { bothDatabases } from "../testing/bothDatabases.js";
import { EXACT_TOTAL_UP_TO, pageOf } from "./pageQuery.js";

describe.each(bothDatabases("gateway_page_query_test"))("pageOf on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  const settlements = (periodId: number, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const id = from + i;
      return [String(id), id, periodId, 1, 2, "500", "0x", id % 2, id];
    });
  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    const columns = ["key", "settlement_id", "period_id", "payer_id", "payee_id", "amount", "payment_ref_hash"];
    await db.transaction((tx) =>
      insertRows(
        tx,
        "t",
        "indexed_settlements",
        [...columns, "confirmed", "recorded_at_block"],
        [...settlements(1, 1, EXACT_TOTAL_UP_TO + 500), ...settlements(2, 5_000, 7)],
      ),
    );
  });
  afterAll(async () => drop());

  const page = (filters: Parameters<typeof pageOf>[2]["filters"], offset = 0) =>
    pageOf<{ settlement_id: number | string }>(db, "t", {
      columns: "settlement_id",
      from: "indexed_settlements",
      filters,
      orderBy: "settlement_id",
      limit: 3,
      offset,
    });

  it("counts exactly up to the cap, and says 'at least' past it", async () => {
    expect(await page([["period_id = ?", 2]])).toMatchObject({ total: 7, totalExact: true });
    expect(await page([["period_id = ?", 1]])).toMatchObject({ total: EXACT_TOTAL_UP_TO, totalExact: false });
    expect(
      await page([
        ["period_id = ?", 1],
        ["confirmed = ?", 1],
        ["settlement_id <= ?", 20],
      ]),
    ).toMatchObject({
      total: 10,
      totalExact: true,
    });
  });

  it("pages in order with filters, skipping the ones the caller did not give", async () => {
    const { rows } = await page([undefined, ["period_id = ?", 1], ["confirmed = 1"]], 2);
    expect(rows.map((r) => Number(r.settlement_id))).toEqual([5, 7, 9]);
  });
});
