import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id } from "ethers";
import { startLocalAlliance, type LocalAlliance, openDecidedPeriod } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { createServer } from "../../server.js";
import { indexChain } from "../../indexer/indexChain.js";
import { bothDatabases } from "../../testing/bothDatabases.js";
import { custodialSigners } from "../../testing/custodialSigners.js";

let chain: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  ({ periodId } = await openDecidedPeriod(chain.secretariat, {
    currency: "CNY",
    shares: [
      { memberId: 1, shareBps: 4000 },
      { memberId: 2, shareBps: 3000 },
      { memberId: 3, shareBps: 3000 },
    ],
  }));
}, 120_000);
afterAll(async () => chain?.stop());

describe.each(bothDatabases("gateway_costs_test"))("cost entries on %s", (name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  const keys: Record<string, string> = {};
  const as = (who: string, idem?: string) => ({
    authorization: `Bearer ${keys[who]}`,
    ...(idem ? { "idempotency-key": `${name}-${idem}` } : {}),
  });

  beforeAll(async () => {
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
    keys.m1 = (await createApiKey(db, { label: "m1", role: "member", memberId: 1 })).key;
    keys.m2 = (await createApiKey(db, { label: "m2", role: "member", memberId: 2 })).key;
    keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
  });
  afterAll(async () => drop());

  it("takes a claim from a member and its confirmation from the secretariat, on chain", async () => {
    const before = (await chain.reader.costLedger.memberTotals(periodId, 1)).contributed;
    const claim = {
      kind: "cash",
      reference: `${name}-A-001`,
      periodId,
      amount: "1000000",
      evidenceHash: id("receipt"),
    };
    const claimed = await request(app).post("/cost-entries").set(as("m1", "c1")).send(claim).expect(201);
    expect((await request(app).post("/cost-entries").set(as("m1", "c1")).send(claim).expect(201)).body).toEqual(
      claimed.body,
    );
    // Sent again under a new key (its first answer lost): the same entry, booked once; another school's same voucher number is its own entry.
    expect(
      (await request(app).post("/cost-entries").set(as("m1", "c1-retry")).send(claim).expect(200)).body,
    ).toMatchObject({ entryId: claimed.body.entryId, alreadyRecorded: true });
    expect(
      (
        await request(app)
          .post("/cost-entries")
          .set(as("m1", "c1-other"))
          .send({ ...claim, amount: "5" })
          .expect(409)
      ).body.error.code,
    ).toBe("cost_ledger_entry_exists");
    const other = (await request(app).post("/cost-entries").set(as("m2", "c1-m2")).send(claim).expect(201)).body;
    expect(other.entryId).not.toBe(claimed.body.entryId);
    expect(
      (await db.query("t", "SELECT entry_id FROM cost_entries WHERE entry_id = $1", [claimed.body.entryId])).length,
    ).toBe(1);
    await request(app)
      .post(`/cost-entries/${other.entryId}/reject`)
      .set(as("secretariat", "k1-m2"))
      .send({ reasonCode: 1 })
      .expect(200);
    await request(app).post(`/cost-entries/${claimed.body.entryId}/confirm`).set(as("secretariat", "k1")).expect(200);
    expect((await chain.reader.costLedger.memberTotals(periodId, 1)).contributed - before).toBe(1_000_000n);
    const again = await request(app)
      .post(`/cost-entries/${claimed.body.entryId}/confirm`)
      .set(as("secretariat", "k2"))
      .expect(409);
    expect(again.body.error.code).toBe("cost_ledger_entry_not_claimed");
  });

  it("rejects an in-kind claim with a reason", async () => {
    const claimed = await request(app)
      .post("/cost-entries")
      .set(as("m2", "c2"))
      .send({
        kind: "inKind",
        reference: `${name}-B-001`,
        periodId,
        category: "lab-hours",
        quantity: 40,
        unitValue: "12500",
        evidenceHash: id("log"),
      })
      .expect(201);
    await request(app)
      .post(`/cost-entries/${claimed.body.entryId}/reject`)
      .set(as("secretariat", "k3"))
      .send({ reasonCode: 3 })
      .expect(200);
    expect(Number((await chain.reader.costLedger.entry(claimed.body.entryId)).status)).toBe(3);
  });

  it("refuses floats, a member confirming, and unknown periods with named codes", async () => {
    const bad = await request(app)
      .post("/cost-entries")
      .set(as("m1", "c3"))
      .send({ kind: "cash", reference: "x", periodId, amount: "12.5", evidenceHash: id("r") })
      .expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: "amount" })]);
    await request(app)
      .post(`/cost-entries/${id("nothing")}/confirm`)
      .set(as("m1", "c4"))
      .expect(403);
    const unknown = await request(app)
      .post(`/cost-entries/${id("nothing")}/confirm`)
      .set(as("secretariat", "k4"))
      .expect(409);
    expect(unknown.body.error.code).toBe("cost_ledger_unknown_entry");
    expect((await request(app).get("/periods/99/reconciliation").set(as("m1")).expect(409)).body.error.code).toBe(
      "cost_ledger_unknown_period",
    );
  });

  it("lists the entries on chain for the secretariat's queue, filtered by status, member and period", async () => {
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    const all = (
      await request(app).get(`/cost-entries?periodId=${periodId}&limit=500`).set(as("secretariat")).expect(200)
    ).body;
    const ours = all.items.filter((e: { reference?: string }) => e.reference?.startsWith(`${name}-`));
    expect(
      ours
        .map((e: { reference: string; status: string; kind: string; amount: string }) => [
          e.reference,
          e.kind,
          e.amount,
          e.status,
        ])
        .sort(),
    ).toEqual([
      [`${name}-A-001`, "cash", "1000000", "confirmed"],
      [`${name}-A-001`, "cash", "1000000", "rejected"], // member 2's claim under the same voucher number, rejected above
      [`${name}-B-001`, "inKind", "500000", "rejected"],
    ]);
    expect(
      ours.find(
        (e: { status: string; memberId: number; kind: string }) =>
          e.status === "rejected" && e.memberId === 2 && e.kind === "inKind",
      ).reasonCode,
    ).toBe(3);
    const pendingOfMember1 = (
      await request(app).get("/cost-entries?status=claimed&memberId=1").set(as("m2")).expect(200)
    ).body;
    expect(
      pendingOfMember1.items.every(
        (e: { status: string; memberId: number }) => e.status === "claimed" && e.memberId === 1,
      ),
    ).toBe(true);
    expect(
      (await request(app).get("/cost-entries?status=paid").set(as("m2")).expect(400)).body.error.details[0].field,
    ).toBe("status");
  });

  it("reconciles the period from the chain, amounts as exact decimal strings", async () => {
    const r = (await request(app).get(`/periods/${periodId}/reconciliation`).set(as("m2")).expect(200)).body;
    expect(r.currency).toBe("CNY");
    expect(r.members.reduce((s: bigint, m: { net: string }) => s + BigInt(m.net), 0n)).toBe(0n);
    expect(typeof r.totalCost).toBe("string");
  });
});
