import { PeriodClosed, SettlementRecorded } from "../../responseSchemas.js";
import { createHash } from "node:crypto";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id } from "ethers";
import type { createAllianceClient } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { createServer } from "../../server.js";
import { anchorPendingBatches } from "../../outbox/anchorPendingBatches.js";
import { indexChain } from "../../indexer/indexChain.js";
import { bothDatabases } from "../../testing/bothDatabases.js";
import { custodialSigners } from "../../testing/custodialSigners.js";

describe.each(bothDatabases("gateway_periods_test"))(
  "a period's whole life through the gateway on %s",
  (_name, makeDb) => {
    let chain: LocalAlliance;
    let db: Database;
    let drop: () => Promise<void>;
    let app: ReturnType<typeof createServer>;
    let signers: Map<number, ReturnType<typeof createAllianceClient>>;
    const keys: Record<string, string> = {};
    let seq = 0;
    const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `k-${++seq}` });

    beforeAll(async () => {
      chain = await startLocalAlliance(3);
      ({ db, drop } = await makeDb());
      await migrate(db);
      signers = custodialSigners(chain);
      app = createServer({
        db,
        provider: chain.provider,
        reader: chain.reader,
        signers,
        logger: pino({ level: "silent" }),
        keyPassphrase: "periods-test-passphrase",
      });
      keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
      for (const m of [1, 2, 3])
        keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
    }, 120_000);
    afterAll(async () => {
      await drop();
      await chain.stop();
    });

    it("opens a period, takes contributions, closes it with the report on chain, and settles", async () => {
      const shares = [
        { memberId: 1, shareBps: 5000 },
        { memberId: 2, shareBps: 3000 },
        { memberId: 3, shareBps: 2000 },
      ];
      const bad = await request(app)
        .post("/periods")
        .set(as("secretariat"))
        .send({ currency: "CNY", shares: [{ memberId: 1, shareBps: 5000 }] })
        .expect(400);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ field: "shares" })]);
      // Nobody decided shares yet: the secretariat cannot open a period with shares of its own choosing.
      expect(
        (await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY" }).expect(409)).body.error
          .code,
      ).toBe("shares_not_decided");
      expect(
        (await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY", shares }).expect(409)).body
          .error.code,
      ).toBe("cost_ledger_shares_not_decided");
      // The council decides the charter's shares; a period opens with them, named or not.
      await request(app)
        .post("/proposals")
        .set(as("secretariat"))
        .send({ action: "decideShares", shares: [{ memberId: 1, shareBps: 5000 }] })
        .expect(400);
      await request(app).post("/proposals").set(as("secretariat")).send({ action: "decideShares", shares }).expect(201);
      await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
      const charter = (await request(app).get("/charter").set(as("m2")).expect(200)).body;
      expect(charter.shares.shares).toEqual(shares);
      expect(charter.nextPeriod).toMatchObject({ periodId: 1, source: "charter" });
      const other = [
        { memberId: 1, shareBps: 3400 },
        { memberId: 2, shareBps: 3300 },
        { memberId: 3, shareBps: 3300 },
      ];
      expect(
        (
          await request(app)
            .post("/periods")
            .set(as("secretariat"))
            .send({ currency: "CNY", shares: other })
            .expect(409)
        ).body.error.code,
      ).toBe("cost_ledger_shares_not_decided");
      const { periodId } = (
        await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY" }).expect(201)
      ).body;
      expect((await chain.reader.costLedger.periodMembers(periodId))[1].map(Number)).toEqual([5000, 3000, 2000]);
      expect(
        (await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY", shares }).expect(409)).body
          .error.code,
      ).toBe("cost_ledger_period_still_open");

      const claim = (
        await request(app)
          .post("/cost-entries")
          .set(as("m1"))
          .send({ kind: "cash", reference: "A-1", periodId, amount: "900000", evidenceHash: id("r") })
          .expect(201)
      ).body;
      await request(app).post(`/cost-entries/${claim.entryId}/confirm`).set(as("secretariat")).expect(200);

      const closed = (await request(app).post(`/periods/${periodId}/close`).set(as("secretariat")).expect(200)).body;
      expect((await chain.reader.costLedger.period(periodId)).reportHash).toBe(closed.reportHash);
      // The answers are what the OpenAPI document says they are.
      expect(PeriodClosed.strict().safeParse(closed).error).toBeUndefined();
      // Member 1 paid 900,000 and bears 450,000: members 2 and 3 owe it 270,000 and 180,000.
      expect(closed.report.settlements).toEqual([
        { payerId: 2, payeeId: 1, amount: "270000" },
        { payerId: 3, payeeId: 1, amount: "180000" },
      ]);

      const paid = (
        await request(app)
          .post("/settlements")
          .set(as("m2"))
          .send({ periodId, payeeId: 1, amount: "270000", paymentReference: "ICBC 2026-0001" })
          .expect(201)
      ).body;
      expect(SettlementRecorded.strict().safeParse(paid).error).toBeUndefined();
      // Sent again under a new Idempotency-Key (as after a crash lost the first answer): the same settlement, not a second one.
      const again = (
        await request(app)
          .post("/settlements")
          .set(as("m2"))
          .send({ periodId, payeeId: 1, amount: "270000", paymentReference: "ICBC 2026-0001" })
          .expect(200)
      ).body;
      expect(again).toMatchObject({ settlementId: paid.settlementId, alreadyRecorded: true });
      expect(
        (
          await request(app)
            .post("/settlements")
            .set(as("m2"))
            .send({ periodId, payeeId: 1, amount: "1", paymentReference: "ICBC 2026-0001" })
            .expect(409)
        ).body.error.code,
      ).toBe("cost_ledger_duplicate_payment");
      expect(
        (await request(app).post(`/settlements/${paid.settlementId}/confirm`).set(as("m3")).expect(409)).body.error
          .code,
      ).toBe("cost_ledger_not_payee");
      await request(app).post(`/settlements/${paid.settlementId}/confirm`).set(as("m1")).expect(200);
      await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
      const followed = (await request(app).get(`/settlements?periodId=${periodId}`).set(as("secretariat")).expect(200))
        .body;
      expect(followed).toEqual({
        total: 1,
        totalExact: true,
        items: [
          expect.objectContaining({
            settlementId: paid.settlementId,
            payerId: 2,
            payeeId: 1,
            amount: "270000",
            confirmed: true,
          }),
        ],
      });
      expect((await request(app).get("/settlements?confirmed=false").set(as("m3")).expect(200)).body.total).toBe(0);
      await request(app).get("/settlements?confirmed=maybe").set(as("m3")).expect(400);
      expect((await chain.reader.costLedger.settlement(BigInt(paid.settlementId))).confirmed).toBe(true);
      await request(app).post("/settlements/not-a-number/confirm").set(as("m1")).expect(400);
      await request(app).post(`/periods/${periodId}/close`).set(as("m1")).expect(403);

      // The stored report is the one whose SHA-256 is on chain.
      const stored = await request(app).get(`/periods/${periodId}/report`).set(as("m2")).expect(200);
      expect(`0x${createHash("sha256").update(stored.text).digest("hex")}`).toBe(closed.reportHash);
      await request(app).get("/periods/99/report").set(as("m2")).expect(404);
      // A report altered in the gateway's database (one member's net) is refused, not served as the closed report.
      await db.query(
        "t",
        'UPDATE period_reports SET report = REPLACE(report, \'"net": "\', \'"net": "1\') WHERE period_id = $1',
        [periodId],
      );
      expect((await request(app).get(`/periods/${periodId}/report`).set(as("m2")).expect(409)).body.error.code).toBe(
        "report_altered",
      );
      await db.query("t", "UPDATE period_reports SET report = $1 WHERE period_id = $2", [stored.text, periodId]);
      await request(app).get(`/periods/${periodId}/report`).set(as("m2")).expect(200);
    });

    it("publishes a course, revokes an anchored attestation and reports member performance", async () => {
      const course = (
        await request(app)
          .post("/courses")
          .set(as("m1"))
          .send({
            code: "BIT-AI",
            metadata: "Intro to AI",
            credits: 2.5,
            contactHours: 40,
            feePerCredit: "8000",
            term: 20261,
            seats: 30,
          })
          .expect(201)
      ).body;
      expect(course.courseId).toBe(1);
      const bad = await request(app)
        .post("/courses")
        .set(as("m1"))
        .send({ code: "X", metadata: "x", credits: 0, contactHours: 1, feePerCredit: 1, term: 1, seats: 1 })
        .expect(400);
      expect(bad.body.error.details[0].field).toBe("credits");
      const { ids } = (
        await request(app)
          .post("/attestations")
          .set(as("m1"))
          .send({
            records: [2, 3].map((home) => ({
              homeId: home,
              courseId: 1,
              term: 20261,
              credits: "2.5",
              studentRef: `P-${home}`,
              grade: "A",
              completionDate: "2026-07-01",
            })),
          })
          .expect(202)
      ).body;
      await anchorPendingBatches({ db, signers });
      expect(
        (await request(app).post(`/attestations/${ids[0]}/revoke`).set(as("m2")).send({ reasonCode: 2 }).expect(403))
          .body.error.code,
      ).toBe("forbidden_member");
      await request(app).post(`/attestations/${ids[0]}/revoke`).set(as("m1")).send({ reasonCode: 2 }).expect(200);
      const [row] = await db.query<{ batch_root: string; batch_index: number }>(
        "t",
        "SELECT batch_root, batch_index FROM outbox_attestations WHERE id = $1",
        [ids[0]],
      );
      expect((await chain.reader.creditLedger.recordStatus(1, row.batch_root, Number(row.batch_index))).revoked).toBe(
        true,
      );
      const badge = (await request(app).get(`/attestations/${ids[1]}/openbadge`).set(as("m3")).expect(200)).body;
      expect(badge.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
      expect(badge.credentialSubject.achievement.humanCode).toBe("BIT-AI");
      expect(badge.issuer.name).toBe("Member 1");
      // Period 1 closed before all this: it counts in period 2, opened now with the charter's shares. The
      // council sets the minimum contribution index; member 2 pays the period's only contribution.
      await request(app)
        .post("/proposals")
        .set(as("secretariat"))
        .send({
          action: "setContributionRule",
          contributionRule: { minContributionIndex: 0.9, periodsBeforeSuspension: 2 },
        })
        .expect(201);
      const period2 = (await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY" }).expect(201))
        .body.periodId;
      const paid2 = (
        await request(app)
          .post("/cost-entries")
          .set(as("m2"))
          .send({ kind: "cash", reference: "B-1", periodId: period2, amount: "100000", evidenceHash: id("b") })
          .expect(201)
      ).body;
      await request(app).post(`/cost-entries/${paid2.entryId}/confirm`).set(as("secretariat")).expect(200);
      await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
      await request(app).get("/performance?periodId=9").set(as("m3")).expect(404);
      const performance = (await request(app).get(`/performance?periodId=${period2}`).set(as("m3")).expect(200)).body;
      expect(performance).toMatchObject({ closed: false, minContributionIndex: 0.9, periodsBeforeSuspension: 2 });
      const m1 = performance.members.find((m: { memberId: number }) => m.memberId === 1);
      // Two students attested; the revoked record no longer counts as a student hosted.
      expect(m1).toMatchObject({ coursesOffered: 1, seatsOffered: 30, studentsHosted: 1, contributed: "0" });
      // Paid nothing of a positive share: half the index is 0, the hosting half (no fees) 1.0.
      expect(performance.members.map((m: { contributionIndex: number }) => m.contributionIndex)).toEqual([
        0.5, 1.5, 0.5,
      ]);
      expect(
        performance.members
          .filter((m: { belowMinimum: boolean }) => m.belowMinimum)
          .map((m: { memberId: number }) => m.memberId),
      ).toEqual([1, 3]);
      // Period 1 is not touched by what happened after its close.
      const first = (await request(app).get("/performance?periodId=1").set(as("m3")).expect(200)).body;
      expect(first.members.find((m: { memberId: number }) => m.memberId === 1)).toMatchObject({
        coursesOffered: 0,
        studentsHosted: 0,
        contributed: "900000",
      });
    });

    it("exports its books to the auditor, and the audit of them against the chain passes until a book is altered", async () => {
      keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
      await request(app).get("/audit/export").set(as("m1")).expect(403);
      const exported = JSON.parse((await request(app).get("/audit/export").set(as("auditor")).expect(200)).text);
      expect(exported.costEntries).toEqual([
        expect.objectContaining({ recordId: "A-1", memberId: 1, kind: "cash", amount: "900000", status: "confirmed" }),
        expect.objectContaining({ recordId: "B-1", memberId: 2, kind: "cash", amount: "100000", status: "confirmed" }),
      ]);
      expect(exported.reports.map((r: { periodId: number }) => r.periodId)).toEqual([1]);
      expect(
        JSON.parse(exported.reports[0].report).members.find((m: { memberId: number }) => m.memberId === 1),
      ).toMatchObject({ contributed: "900000" });
      expect(exported.scope).toBeUndefined(); // the auditor decides the scope, from the chain
      expect(exported.batches).toEqual([
        expect.objectContaining({ issuerId: 1, leaves: [expect.any(String), expect.any(String)] }),
      ]);
      expect(exported.attestations).toHaveLength(2);
      expect(JSON.stringify(exported)).not.toMatch(/P-2|P-3/); // student references never leave in an export
      const honest = (await request(app).get("/audit/report").set(as("auditor")).expect(200)).body;
      expect(honest.discrepancies).toEqual([]);
      expect(honest.passed).toBe(true);

      await db.query("t", "UPDATE cost_entries SET amount = '900001' WHERE reference = 'A-1'");
      const altered = (await request(app).get("/audit/report").set(as("auditor")).expect(200)).body;
      expect(altered.discrepancies.map((d: { code: string; recordId: string }) => [d.code, d.recordId])).toEqual([
        ["ENTRY_ALTERED", "A-1"],
      ]);
      await db.query("t", "UPDATE cost_entries SET amount = '900000' WHERE reference = 'A-1'");
    });
  },
);
