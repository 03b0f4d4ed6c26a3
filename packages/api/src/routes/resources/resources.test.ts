import { id } from "ethers";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { indexChain } from "../../indexer/indexChain.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";
import { custodialSigners } from "../../testing/custodialSigners.js";

const INTERN = "intern-2026-0173-张三";
const TEACHER = "staff-T-0042-李老师";

describe.each(bothDatabases("gateway_resources_test"))(
  "shared resources through the gateway on %s",
  (_name, makeDb) => {
    let chain: LocalAlliance;
    let db: Database;
    let drop: () => Promise<void>;
    let app: ReturnType<typeof createServer>;
    const keys: Record<string, string> = {};
    let seq = 0;
    const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `k-${++seq}` });
    const lab = {
      kind: "labOrTrainingRoom",
      unit: "day",
      pricePerUnit: "80000",
      capacity: 4,
      termsHash: id("lab terms"),
    };
    let periodId: number;
    let resourceId: number;

    beforeAll(async () => {
      chain = await startLocalAlliance(3);
      ({ db, drop } = await makeDb());
      await migrate(db);
      app = createServer({
        db,
        provider: chain.provider,
        reader: chain.reader,
        signers: custodialSigners(chain),
        logger: pino({ level: "silent" }),
        keyPassphrase: "resources-test-passphrase",
      });
      keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
      keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
      for (const m of [1, 2, 3])
        keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
      const shares = [
        { memberId: 1, shareBps: 5000 },
        { memberId: 2, shareBps: 3000 },
        { memberId: 3, shareBps: 2000 },
      ];
      // The council decides the charter's investment shares; periods open with them.
      await request(app).post("/proposals").set(as("secretariat")).send({ action: "decideShares", shares }).expect(201);
      ({ periodId } = (
        await request(app).post("/periods").set(as("secretariat")).send({ currency: "CNY", shares }).expect(201)
      ).body);
      ({ resourceId } = (await request(app).post("/resources").set(as("m1")).send(lab).expect(201)).body);
    }, 120_000);
    afterAll(async () => {
      await drop();
      await chain.stop();
    });

    const use = async (who: string, useId: string) =>
      (await request(app).get("/resource-uses").set(as(who)).expect(200)).body.items.find(
        (u: { useId: string }) => u.useId === useId,
      );
    const requestUse = async (quantity: number, body: Record<string, unknown> = {}) =>
      (
        await request(app)
          .post("/resource-uses")
          .set(as("m2"))
          .send({ resourceId, quantity, startDay: "2026-03-02", endDay: "2026-03-05", ...body })
          .expect(201)
      ).body as { useId: string; personCommitment: string | null; transactionHash: string };

    it("publishes, versions, lists and retires resources", async () => {
      expect(
        (
          await request(app)
            .post("/resources")
            .set(as("m1"))
            .send({ ...lab, kind: "other" })
            .expect(400)
        ).body.error.details,
      ).toEqual([expect.objectContaining({ field: "kindName" })]);
      const other = (
        await request(app)
          .post("/resources")
          .set(as("m3"))
          .send({ ...lab, kind: "other", kindName: "sports-ground", unit: "hour", pricePerUnit: "0" })
          .expect(201)
      ).body;
      const v = (
        await request(app)
          .post(`/resources/${other.resourceId}/versions`)
          .set(as("m3"))
          .send({ unit: "hour", pricePerUnit: "1500", capacity: 10, termsHash: id("v2") })
          .expect(201)
      ).body;
      expect(v.version).toBe(2);
      expect(
        (await request(app).post(`/resources/${other.resourceId}/retire`).set(as("m1")).expect(409)).body.error.code,
      ).toBe("resource_exchange_not_host");
      await request(app).post(`/resources/${other.resourceId}/retire`).set(as("m3")).expect(200);
      await request(app).post("/resources/999/retire").set(as("m3")).expect(404);

      const listed = (await request(app).get("/resources?hostMemberId=3").set(as("auditor")).expect(200)).body;
      expect(listed.items).toEqual([
        expect.objectContaining({
          resourceId: other.resourceId,
          kind: "other",
          kindCode: other.kindCode,
          status: "retired",
          latestVersion: 2,
          unit: "hour",
          pricePerUnit: "1500",
          capacity: 10,
        }),
      ]);
      const labs = (await request(app).get("/resources?kind=labOrTrainingRoom&status=active").set(as("m2")).expect(200))
        .body;
      expect(labs.items.map((r: { resourceId: number }) => r.resourceId)).toEqual([resourceId]);
      expect(labs.items[0]).toMatchObject({ kindCode: null, pricePerUnit: "80000", capacity: 4, unit: "day" });
    });

    it("takes a use from request to confirmation, and a dispute to the secretariat's resolution; the fees reach reconciliation", async () => {
      const first = await requestUse(2, { personRef: INTERN });
      expect(first.personCommitment).toMatch(/^0x[0-9a-f]{64}$/);
      const accepted = (
        await request(app)
          .post(`/resource-uses/${first.useId}/accept`)
          .set(as("m1"))
          .send({ personRef: TEACHER })
          .expect(200)
      ).body;
      expect(accepted).toMatchObject({ status: "accepted", personCommitment: expect.stringMatching(/^0x/) });
      await request(app)
        .post(`/resource-uses/${first.useId}/deliver`)
        .set(as("m1"))
        .send({ quantity: 2, note: "sign-off sheet LAB-2026-031" })
        .expect(200);
      const confirmed = (await request(app).post(`/resource-uses/${first.useId}/confirm`).set(as("m2")).expect(200))
        .body;
      expect(confirmed).toMatchObject({ status: "confirmed", fee: "160000", periodId });

      const second = await requestUse(3);
      await request(app).post(`/resource-uses/${second.useId}/accept`).set(as("m1")).send({}).expect(200);
      await request(app)
        .post(`/resource-uses/${second.useId}/deliver`)
        .set(as("m1"))
        .send({ quantity: 3, evidenceHash: id("timesheet") })
        .expect(200);
      // Nobody but the parties disputes, and nobody but the secretariat resolves.
      expect(
        (
          await request(app)
            .post(`/resource-uses/${second.useId}/dispute`)
            .set(as("m3"))
            .send({ reason: "not mine" })
            .expect(403)
        ).body.error.code,
      ).toBe("forbidden_member");
      await request(app)
        .post(`/resource-uses/${second.useId}/dispute`)
        .set(as("secretariat"))
        .send({ reason: "x" })
        .expect(403);
      await request(app)
        .post(`/resource-uses/${second.useId}/dispute`)
        .set(as("m2"))
        .send({ reason: "the lab was closed on one of the three days" })
        .expect(200);
      for (const who of ["m1", "m2", "m3"])
        await request(app)
          .post(`/resource-uses/${second.useId}/resolve`)
          .set(as(who))
          .send({ quantity: 2, reason: "x" })
          .expect(403);
      await request(app)
        .post(`/resource-uses/${second.useId}/confirm`)
        .set(as("m2"))
        .expect(409)
        .expect((r) => expect(r.body.error.code).toBe("resource_exchange_invalid_status"));
      expect(
        (
          await request(app)
            .post(`/resource-uses/${second.useId}/resolve`)
            .set(as("secretariat"))
            .send({ quantity: 4, reason: "too many" })
            .expect(409)
        ).body.error.code,
      ).toBe("resource_exchange_invalid_quantity");
      const resolved = (
        await request(app)
          .post(`/resource-uses/${second.useId}/resolve`)
          .set(as("secretariat"))
          .send({ quantity: 2, reason: "the attendance sheet shows two days" })
          .expect(200)
      ).body;
      expect(resolved).toMatchObject({ status: "resolved", fee: "160000", periodId });

      expect(await use("m2", first.useId)).toMatchObject({
        status: "confirmed",
        quantity: 2,
        deliveredQuantity: 2,
        billedQuantity: 2,
        fee: "160000",
        periodId,
        startDay: "2026-03-02",
        endDay: "2026-03-05",
        unit: "day",
        personRef: INTERN,
      });
      // Each school sees only the person it named itself.
      expect((await use("m1", first.useId)).personRef).toBe(TEACHER);
      expect((await use("secretariat", first.useId)).personRef).toBeUndefined();
      expect(await use("m2", second.useId)).toMatchObject({ status: "resolved", billedQuantity: 2, disputedBy: 2 });

      const byPeriod = (await request(app).get(`/resource-uses?periodId=${periodId}`).set(as("auditor")).expect(200))
        .body;
      expect(byPeriod.items.map((u: { useId: string }) => u.useId)).toEqual([first.useId, second.useId]);
      const reconciliation = (
        await request(app).get(`/periods/${periodId}/reconciliation`).set(as("auditor")).expect(200)
      ).body;
      const member = (m: number) => reconciliation.members.find((x: { memberId: number }) => x.memberId === m);
      expect(member(1)).toMatchObject({ feesReceivable: "320000", feesPayable: "0" });
      expect(member(2)).toMatchObject({ feesReceivable: "0", feesPayable: "320000" });
    });

    it("keeps the person references off chain: not in the transaction's input nor its events", async () => {
      const requested = await requestUse(1, { personRef: INTERN });
      const accepted = (
        await request(app)
          .post(`/resource-uses/${requested.useId}/accept`)
          .set(as("m1"))
          .send({ personRef: TEACHER })
          .expect(200)
      ).body;
      for (const [hash, ref] of [
        [requested.transactionHash, INTERN],
        [accepted.transactionHash, TEACHER],
      ]) {
        const hex = Buffer.from(ref, "utf8").toString("hex");
        const tx = await chain.provider.getTransaction(hash);
        const receipt = await chain.provider.getTransactionReceipt(hash);
        expect(tx!.data.toLowerCase()).not.toContain(hex);
        expect(tx!.data.toLowerCase()).not.toContain(Buffer.from("0173").toString("hex"));
        for (const log of receipt!.logs) expect(log.data.toLowerCase()).not.toContain(hex);
      }
      const stored = await db.query<{ member_id: number; person_ref: string }>(
        "test.persons",
        "SELECT member_id, person_ref FROM resource_use_persons WHERE use_id = $1 ORDER BY member_id",
        [requested.useId],
      );
      // Nor in the answers the gateway keeps for retries.
      const answers = await db.query<{ response: string }>("test.answers", "SELECT response FROM idempotency_keys");
      expect(answers.length).toBeGreaterThan(0);
      for (const ref of [INTERN, TEACHER]) expect(answers.filter((a) => a.response.includes(ref))).toEqual([]);
      expect(stored.map((r) => [Number(r.member_id), r.person_ref])).toEqual([
        [1, TEACHER],
        [2, INTERN],
      ]);
    });

    it("refuses what the parties may not do", async () => {
      // The user cannot act as host of its own request, nor request its own resource.
      const u = await requestUse(1);
      for (const step of ["accept", "deliver", "decline"])
        expect(
          (
            await request(app)
              .post(`/resource-uses/${u.useId}/${step}`)
              .set(as("m2"))
              .send(step === "accept" ? {} : step === "deliver" ? { quantity: 1, note: "n" } : { reason: "r" })
              .expect(403)
          ).body.error.code,
        ).toBe("forbidden_member");
      expect(
        (
          await request(app)
            .post("/resource-uses")
            .set(as("m1"))
            .send({ resourceId, quantity: 1, startDay: "2026-03-02", endDay: "2026-03-02" })
            .expect(409)
        ).body.error.code,
      ).toBe("resource_exchange_own_resource");
      await request(app).post(`/resource-uses/${u.useId}/cancel`).set(as("m1")).expect(403);
      // A declined request is never delivered.
      await request(app).post(`/resource-uses/${u.useId}/decline`).set(as("m1")).send({ reason: "booked" }).expect(200);
      expect(
        (
          await request(app)
            .post(`/resource-uses/${u.useId}/deliver`)
            .set(as("m1"))
            .send({ quantity: 1, note: "n" })
            .expect(409)
        ).body.error.code,
      ).toBe("resource_exchange_invalid_status");
      const c = await requestUse(1);
      await request(app).post(`/resource-uses/${c.useId}/cancel`).set(as("m2")).expect(200);
      expect(await use("m2", c.useId)).toMatchObject({ status: "cancelled" });
      await request(app).post("/resource-uses/9999/accept").set(as("m1")).send({}).expect(404);
      await request(app)
        .post("/resource-uses")
        .set(as("m2"))
        .send({ resourceId, quantity: 1, startDay: "2026-03-05", endDay: "2026-03-02" })
        .expect(400);
    });

    it("shows a school only the uses it requested or hosts", async () => {
      const mine3 = (await request(app).get("/resource-uses").set(as("m3")).expect(200)).body;
      expect(mine3.items).toEqual([]);
      expect((await request(app).get("/resource-uses?userId=2").set(as("m3")).expect(200)).body.items).toEqual([]);
      const all = (await request(app).get("/resource-uses").set(as("secretariat")).expect(200)).body;
      const m2 = (await request(app).get("/resource-uses").set(as("m2")).expect(200)).body;
      expect(all.total).toBeGreaterThan(0);
      expect(m2.total).toBe(all.total);
      expect((await request(app).get("/resource-uses?status=declined").set(as("m1")).expect(200)).body.total).toBe(1);
    });

    it("upgrades a read model indexed before migration 17: rebuilt from the chain, fees counted once", async () => {
      const snapshot = async () => ({
        totals: await db.query("test.totals", "SELECT * FROM indexed_period_totals ORDER BY key"),
        uses: await db.query("test.uses", "SELECT key, status, fee FROM indexed_resource_uses ORDER BY key"),
        resources: await db.query("test.resources", "SELECT key, status FROM indexed_resources ORDER BY key"),
      });
      const before = await snapshot();
      expect(before.uses.length).toBeGreaterThan(0);
      // As a gateway of the previous release left it: no resource tables, migration 17 not applied.
      for (const t of [
        "indexed_resources",
        "indexed_resource_versions",
        "indexed_resource_uses",
        "resource_use_persons",
      ])
        await db.query("test.drop", `DROP TABLE ${t}`);
      await db.query("test.unmigrate", "DELETE FROM schema_migrations WHERE id = 17");
      await migrate(db);
      expect(await db.query("test.cursor", "SELECT * FROM indexer_cursor")).toEqual([]);
      expect(await db.query("test.emptied", "SELECT * FROM indexed_period_totals")).toEqual([]);
      await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
      expect(await snapshot()).toEqual(before);
    });
  },
);
