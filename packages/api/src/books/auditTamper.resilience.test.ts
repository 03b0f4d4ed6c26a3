import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id } from "ethers";
import { auditLedger, parseAuditExport, type AuditReport } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { anchorPendingBatches } from "../outbox/anchorPendingBatches.js";
import { createServer } from "../server.js";
import { bothDatabases } from "../testing/bothDatabases.js";
import { custodialSigners } from "../testing/custodialSigners.js";

/**
 * Issue 10's tamper table: each alteration of the gateway's books (and of an auditor's export file),
 * alone and all together, and the exact set of findings the audit must report for it: the code and
 * the id of every record concerned, nothing less and nothing more.
 */

type Finding = string; // `${code} ${recordId}`
const findings = (r: { discrepancies: Array<{ code: string; recordId: string }> }) =>
  new Set<Finding>(r.discrepancies.map((d) => `${d.code} ${d.recordId}`));
const TABLES = ["outbox_attestations", "outbox_batches", "cost_entries", "period_reports"];

/** The tables' rows, and a way to put them back exactly (each alteration starts from the honest books). */
async function snapshot(db: Database) {
  const saved = new Map<string, Array<Record<string, unknown>>>();
  for (const t of TABLES) saved.set(t, await db.query<Record<string, unknown>>("t", `SELECT * FROM ${t}`));
  return async () => {
    await db.transaction(async (tx) => {
      for (const [t, rows] of saved) {
        await tx.query("t", `DELETE FROM ${t}`);
        for (const row of rows) {
          const columns = Object.keys(row);
          await tx.query(
            "t",
            `INSERT INTO ${t} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
            Object.values(row),
          );
        }
      }
    });
  };
}

/** A canonical report (as closePeriod writes it) with one change applied. */
function editReport(
  text: string,
  change: (r: { members: Array<Record<string, string>>; settlements: Array<Record<string, string>> }) => void,
) {
  const report = JSON.parse(text);
  change(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}
const plusOne = (v: string) => String(BigInt(v) + 1n);

describe.each(bothDatabases("gateway_audit_tamper_test"))("the audit of tampered books on %s", (_name, makeDb) => {
  let chain: LocalAlliance;
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let restore: () => Promise<void>;
  let honestExport: string;
  const keys: Record<string, string> = {};
  let seq = 0;
  const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `k-${++seq}` });
  /** What the alterations touch, by the ids the audit must name. */
  const ids = { entryA: "", entryB: "", issuer2Leaves: [] as string[], leafOf12: "" };

  beforeAll(async () => {
    chain = await startLocalAlliance(3);
    ({ db, drop } = await makeDb());
    await migrate(db);
    const signers = custodialSigners(chain);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
    });
    for (const role of ["secretariat", "auditor"] as const)
      keys[role] = (await createApiKey(db, { label: role, role })).key;
    for (const m of [1, 2, 3])
      keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;

    // Attestations: a batch of twelve by member 1, a batch of two by member 2.
    for (const m of [1, 2]) {
      await request(app)
        .post("/courses")
        .set(as(`m${m}`))
        .send({
          code: `C-${m}`,
          metadata: "course",
          credits: 3,
          contactHours: 40,
          feePerCredit: "8000",
          term: 20261,
          seats: 30,
        })
        .expect(201);
    }
    const attest = (m: number, n: number) =>
      request(app)
        .post("/attestations")
        .set(as(`m${m}`))
        .send({
          records: Array.from({ length: n }, (_, i) => ({
            homeId: m === 1 ? 2 + (i % 2) : 3,
            courseId: m,
            term: 20261,
            credits: "3",
            studentRef: `S-${m}-${i}`,
            grade: "A",
            completionDate: "2026-07-01",
          })),
        })
        .expect(202);
    await attest(1, 12);
    await attest(2, 2);
    await anchorPendingBatches({ db, signers });

    // Period 1: members 1 and 2 contribute (member 2 once), closed and settled as planned.
    const shares = [
      { memberId: 1, shareBps: 5000 },
      { memberId: 2, shareBps: 3000 },
      { memberId: 3, shareBps: 2000 },
    ];
    const claim = async (m: number, reference: string, amount: string, periodId: number) => {
      const { entryId } = (
        await request(app)
          .post("/cost-entries")
          .set(as(`m${m}`))
          .send({ kind: "cash", reference, periodId, amount, evidenceHash: id(reference) })
          .expect(201)
      ).body;
      await request(app).post(`/cost-entries/${entryId}/confirm`).set(as("secretariat")).expect(200);
      return entryId as string;
    };
    // The council decides the charter's investment shares; periods open with them.
    await request(app).post("/proposals").set(as("secretariat")).send({ action: "decideShares", shares }).expect(201);
    await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY", shares }).expect(201);
    ids.entryA = await claim(1, "A-1", "900000", 1);
    ids.entryB = await claim(2, "B-1", "300000", 1);
    const closed = (await request(app).post("/periods/1/close").set(as("secretariat")).expect(200)).body;
    // Member 1 paid 900,000 and member 2 300,000 of 1,200,000: member 1 is owed 240,000 by member 3 and 60,000 by member 2.
    expect(closed.report.settlements).toEqual([
      { payerId: 3, payeeId: 1, amount: "240000" },
      { payerId: 2, payeeId: 1, amount: "60000" },
    ]);
    for (const t of closed.report.settlements) {
      const { settlementId } = (
        await request(app)
          .post("/settlements")
          .set(as(`m${t.payerId}`))
          .send({ periodId: 1, payeeId: t.payeeId, amount: t.amount, paymentReference: `BANK-${t.payerId}` })
          .expect(201)
      ).body;
      await request(app)
        .post(`/settlements/${settlementId}/confirm`)
        .set(as(`m${t.payeeId}`))
        .expect(200);
    }
    // Period 2: one contribution, closed (its report is the one deleted below).
    await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY", shares }).expect(201);
    await claim(1, "C-1", "1000", 2);
    await request(app).post("/periods/2/close").set(as("secretariat")).expect(200);

    ids.issuer2Leaves = (
      await db.query<{ leaf: string }>("t", "SELECT leaf FROM outbox_attestations WHERE issuer_id = 2")
    ).map((r) => r.leaf.toLowerCase());
    [{ leaf: ids.leafOf12 }] = await db.query<{ leaf: string }>(
      "t",
      "SELECT leaf FROM outbox_attestations WHERE issuer_id = 1 AND batch_index = 5",
    );
    ids.leafOf12 = ids.leafOf12.toLowerCase();
    restore = await snapshot(db);
    honestExport = (await request(app).get("/audit/export").set(as("auditor")).expect(200)).text;
  }, 120_000);
  afterAll(async () => {
    await drop?.();
    await chain?.stop();
  });

  const auditBooks = async (query = "") =>
    (await request(app).get(`/audit/report${query}`).set(as("auditor")).expect(200)).body as AuditReport;
  /** The auditor's path: the export written to a file, read back, audited against the chain (as `alliance audit --export`). */
  const auditFile = async (text: string) => {
    const path = join(await mkdtemp(join(tmpdir(), "tamper-")), "audit-export.json");
    await writeFile(path, text);
    return auditLedger({
      provider: chain.provider,
      addresses: chain.reader.addresses,
      export: parseAuditExport(await readFile(path, "utf8")),
    });
  };

  /** Each alteration: in the books (SQL), in an export file (JSON), and what the audit must find. */
  const alterations = () => {
    type ExportJson = {
      attestations: Array<{ attestation: { issuerId: number; index: number } }>;
      costEntries: Array<{ recordId: string; amount: string }>;
      reports: Array<{ periodId: number; report: string }>;
      scope?: unknown;
    };
    const report1 = (e: ExportJson) => e.reports.find((r) => r.periodId === 1)!;
    const list: Array<{
      name: string;
      books?: (db: Database) => Promise<void>;
      file: (e: ExportJson) => void;
      expected: Finding[];
    }> = [
      {
        name: "one cost entry's amount",
        books: async (db) =>
          void (await db.query("t", "UPDATE cost_entries SET amount = '900001' WHERE reference = 'A-1'")),
        file: (e) => {
          e.costEntries.find((c) => c.recordId === "A-1")!.amount = "900001";
        },
        expected: ["ENTRY_ALTERED A-1"],
      },
      {
        name: "a closing report's settlement amount",
        books: async (db) => {
          const [{ report }] = await db.query<{ report: string }>(
            "t",
            "SELECT report FROM period_reports WHERE period_id = 1",
          );
          await db.query("t", "UPDATE period_reports SET report = $1 WHERE period_id = 1", [
            editReport(report, (r) => {
              r.settlements[0].amount = plusOne(r.settlements[0].amount);
            }),
          ]);
        },
        file: (e) => {
          report1(e).report = editReport(report1(e).report, (r) => {
            r.settlements[0].amount = plusOne(r.settlements[0].amount);
          });
        },
        expected: ["REPORT_ALTERED 1", "REPORT_SETTLEMENTS_MISMATCH 1"],
      },
      {
        name: "one member's net in a closing report",
        books: async (db) => {
          const [{ report }] = await db.query<{ report: string }>(
            "t",
            "SELECT report FROM period_reports WHERE period_id = 1",
          );
          await db.query("t", "UPDATE period_reports SET report = $1 WHERE period_id = 1", [
            editReport(report, (r) => {
              r.members[1].net = plusOne(r.members[1].net);
            }),
          ]);
        },
        file: (e) => {
          report1(e).report = editReport(report1(e).report, (r) => {
            r.members[1].net = plusOne(r.members[1].net);
          });
        },
        expected: ["REPORT_ALTERED 1", "REPORT_MEMBER_MISMATCH 1:2"],
      },
      {
        name: "the only cost entry of one member deleted",
        books: async (db) => void (await db.query("t", "DELETE FROM cost_entries WHERE reference = 'B-1'")),
        file: (e) => {
          e.costEntries = e.costEntries.filter((c) => c.recordId !== "B-1");
        },
        expected: [`ENTRY_MISSING ${ids.entryB}`],
      },
      {
        name: "every attestation of one issuer deleted",
        books: async (db) => void (await db.query("t", "DELETE FROM outbox_attestations WHERE issuer_id = 2")),
        file: (e) => {
          e.attestations = e.attestations.filter((a) => a.attestation.issuerId !== 2);
        },
        expected: ids.issuer2Leaves.map((leaf) => `ATTESTATION_MISSING ${leaf}`),
      },
      {
        name: "a closed period's report deleted",
        books: async (db) => void (await db.query("t", "DELETE FROM period_reports WHERE period_id = 2")),
        file: (e) => {
          e.reports = e.reports.filter((r) => r.periodId !== 2);
        },
        expected: ["REPORT_MISSING 2"],
      },
      {
        name: "one attestation of twelve deleted",
        books: async (db) =>
          void (await db.query("t", "DELETE FROM outbox_attestations WHERE issuer_id = 1 AND batch_index = 5")),
        file: (e) => {
          e.attestations = e.attestations.filter((a) => !(a.attestation.issuerId === 1 && a.attestation.index === 5));
        },
        expected: [`ATTESTATION_MISSING ${ids.leafOf12}`],
      },
      {
        // The books keep no scope (the gateway no longer states one), so this one is the export's alone.
        name: "the export's scope edited along with the rows",
        file: (e) => {
          e.costEntries = e.costEntries.filter((c) => c.recordId !== "B-1");
          e.scope = { issuerIds: [1], costEntryMemberIds: [1], periodIds: [1] };
        },
        expected: [`ENTRY_MISSING ${ids.entryB}`],
      },
    ];
    // All of them at once (both report edits land on period 1's report, its deletion on period 2's).
    const singles = [...list];
    list.push({
      name: "all of them together",
      books: async (db) => {
        for (const a of singles) await a.books?.(db);
      },
      file: (e) => {
        for (const a of singles) a.file(e);
      },
      expected: [...new Set(singles.flatMap((a) => a.expected))],
    });
    return list;
  };

  it("passes the honest books and the honest export, over everything on chain", async () => {
    const books = await auditBooks();
    expect(books.discrepancies).toEqual([]);
    expect(books.scope).toEqual({ issuerIds: "all", memberIds: "all", periodIds: "all" });
    expect(books.counts).toMatchObject({ batches: 2, attestations: 14, costEntries: 3, reports: 2, settlements: 2 });
    expect((await auditFile(honestExport)).discrepancies).toEqual([]);
  });

  it("reports exactly each alteration of the books, by code and record id", async () => {
    for (const a of alterations().filter((a) => a.books)) {
      await a.books!(db);
      try {
        expect(findings(await auditBooks()), a.name).toEqual(new Set(a.expected));
      } finally {
        await restore();
      }
    }
    expect((await auditBooks()).discrepancies).toEqual([]);
  });

  it("reports exactly each alteration of an export file, by code and record id", async () => {
    for (const a of alterations()) {
      const e = JSON.parse(honestExport);
      a.file(e);
      expect(findings(await auditFile(JSON.stringify(e))), a.name).toEqual(new Set(a.expected));
    }
  });

  it("narrows only by the auditor's explicit scope, which the report states", async () => {
    await db.query("t", "DELETE FROM cost_entries WHERE reference = 'B-1'");
    try {
      const narrowed = await auditBooks("?members=1,3");
      expect(narrowed.scope).toEqual({ issuerIds: "all", memberIds: [1, 3], periodIds: "all" });
      expect(narrowed.discrepancies).toEqual([]);
      expect(findings(await auditBooks("?periods=2"))).toEqual(new Set());
      expect(findings(await auditBooks("?periods=1-2"))).toEqual(new Set([`ENTRY_MISSING ${ids.entryB}`]));
    } finally {
      await restore();
    }
    const refused = await request(app).get("/audit/report?periods=2-1").set(as("auditor")).expect(400);
    expect(refused.body.error.code).toBe("invalid_audit_scope");
    await request(app).get("/audit/report?issuers=x").set(as("auditor")).expect(400);
  });
});
