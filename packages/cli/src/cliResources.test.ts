import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey, createServer, type Database } from "@alliance-ledger/api";
import { createSqliteDatabase } from "../../api/src/db/sqliteDatabase.js";
import { migrate } from "../../api/src/db/migrate.js";
import { custodialSigners } from "../../api/src/testing/custodialSigners.js";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/alliance.mjs", import.meta.url));

let chain: LocalAlliance;
let db: Database;
let server: Server;
let url: string;
let dir: string;
const keys: Record<string, string> = {};

async function cli(who: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, "--gateway", url], {
      env: { ...process.env, ALLIANCE_API_KEY: keys[who] ?? "" },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}
/** Runs the CLI as `who` with --json. */
async function as(who: string, ...args: string[]) {
  const r = await cli(who, ["--json", ...args]);
  return { ...r, out: r.code === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
}

beforeAll(async () => {
  chain = await startLocalAlliance(3);
  db = createSqliteDatabase(":memory:");
  await migrate(db);
  server = createServer({
    db,
    provider: chain.provider,
    reader: chain.reader,
    signers: custodialSigners(chain),
    logger: pino({ level: "silent" }),
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
  for (const m of [1, 2, 3])
    keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
  dir = await mkdtemp(join(tmpdir(), "cli-resources-"));
  await writeFile(join(dir, "terms.txt"), "实验室使用条款：损坏由使用方负责。");
}, 120_000);
afterAll(async () => {
  server?.close();
  await db?.close();
  await chain?.stop();
});

describe("alliance resources", () => {
  it("publishes a lab, takes a use through request, acceptance, delivery and confirmation, and a dispute to resolution", async () => {
    expect((await as("secretariat", "charter", "shares", "--shares", "1:5000,2:3000,3:2000")).code).toBe(0);
    expect(
      (await as("secretariat", "periods", "open", "--shares", "1:5000,2:3000,3:2000", "--currency", "CNY")).code,
    ).toBe(0);
    const terms = join(dir, "terms.txt");
    const published = await as(
      "m1",
      "resources",
      "publish",
      "--kind",
      "labOrTrainingRoom",
      "--unit",
      "day",
      "--price",
      "80000",
      "--capacity",
      "4",
      "--terms",
      terms,
    );
    expect(published.code).toBe(0);
    const resourceId = String(published.out.resourceId);
    expect(
      (
        await as(
          "m1",
          "resources",
          "publish",
          "--kind",
          "lab",
          "--unit",
          "day",
          "--price",
          "1",
          "--capacity",
          "1",
          "--terms",
          terms,
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await as(
          "m1",
          "resources",
          "version",
          resourceId,
          "--unit",
          "day",
          "--price",
          "90000",
          "--capacity",
          "5",
          "--terms",
          terms,
        )
      ).out.version,
    ).toBe(2);

    const table = await cli("m2", ["resources", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/labOrTrainingRoom/);
    expect(table.stdout).toContain("900.00");

    const requested = await as(
      "m2",
      "resources",
      "request",
      resourceId,
      "--quantity",
      "2",
      "--from",
      "2026-03-02",
      "--to",
      "2026-03-03",
      "--person",
      "实习生-017",
    );
    expect(requested.code).toBe(0);
    const useId = requested.out.useId as string;
    expect((await as("m2", "resources", "accept", useId)).code).toBe(2); // 403: not the host
    expect((await as("m1", "resources", "accept", useId, "--person", "T-0042")).code).toBe(0);
    expect((await as("m1", "resources", "deliver", useId, "--quantity", "2", "--note", "sign-off LAB-031")).code).toBe(
      0,
    );
    const confirmed = await as("m2", "resources", "confirm", useId);
    expect(confirmed.out).toMatchObject({ status: "confirmed", fee: "180000", periodId: 1 });

    const second = (
      await as(
        "m2",
        "resources",
        "request",
        resourceId,
        "--quantity",
        "3",
        "--from",
        "2026-04-01",
        "--to",
        "2026-04-03",
      )
    ).out.useId as string;
    await as("m1", "resources", "accept", second);
    await as("m1", "resources", "deliver", second, "--quantity", "3", "--evidence", terms);
    expect((await as("m3", "resources", "dispute", second, "--reason", "x")).code).toBe(2);
    expect((await as("m2", "resources", "dispute", second, "--reason", "closed one day")).code).toBe(0);
    const tooMany = await as("secretariat", "resources", "resolve", second, "--quantity", "9", "--reason", "r");
    expect(tooMany.code).toBe(4); // the ledger refuses more than was delivered
    expect(JSON.parse(tooMany.stderr).error.details[0].contractError).toBe("ResourceExchangeInvalidQuantity");
    const resolved = await as("secretariat", "resources", "resolve", second, "--quantity", "2", "--reason", "two days");
    expect(resolved.out).toMatchObject({ status: "resolved", fee: "180000" });

    const third = (await as("m2", "resources", "request", resourceId, "--quantity", "1", "--from", "2026-05-01")).out
      .useId as string;
    expect((await as("m2", "resources", "cancel", third)).code).toBe(0);
    const fourth = (await as("m2", "resources", "request", resourceId, "--quantity", "1", "--from", "2026-05-02")).out
      .useId as string;
    expect((await as("m1", "resources", "decline", fourth, "--reason", "booked")).code).toBe(0);

    const uses = await as("m2", "resources", "uses", "--status", "confirmed");
    expect(uses.out.items).toEqual([
      expect.objectContaining({ useId, fee: "180000", personRef: "实习生-017", startDay: "2026-03-02" }),
    ]);
    expect((await as("m3", "resources", "uses")).out.items).toEqual([]);
    const people = await cli("m2", ["resources", "uses"]);
    expect(people.stdout).toContain("CNY 1,800.00");
    expect(people.stdout).toContain("实习生-017");
    expect(people.stdout).toMatch(/cancelled[\s\S]*declined/);
    const hostView = await cli("m1", ["resources", "uses", "--period", "1"]);
    expect(hostView.stdout).toContain("T-0042");
    expect(hostView.stdout).not.toContain("实习生-017");

    expect((await as("m1", "resources", "retire", resourceId)).code).toBe(0);
    expect((await as("m2", "resources", "list", "--status", "retired")).out.items).toHaveLength(1);
  }, 120_000);
});
