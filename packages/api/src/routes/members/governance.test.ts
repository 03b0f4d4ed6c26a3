import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id, Wallet } from "ethers";
import { type createAllianceClient, ROLE_IDS, signForwardRequest } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey, revokeApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { createServer } from "../../server.js";
import { anchorPendingBatches } from "../../outbox/anchorPendingBatches.js";
import { bothDatabases } from "../../testing/bothDatabases.js";
import { custodialSigners } from "../../testing/custodialSigners.js";

describe.each(bothDatabases("gateway_governance_test"))(
  "membership, council, catalogue, corrections and self-custody through the gateway on %s",
  (_name, makeDb) => {
    let chain: LocalAlliance;
    let db: Database;
    let drop: () => Promise<void>;
    let app: ReturnType<typeof createServer>;
    let signers: Map<number, ReturnType<typeof createAllianceClient>>;
    const keys: Record<string, string> = {};
    let seq = 0;
    const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `g-${++seq}` });

    beforeAll(async () => {
      chain = await startLocalAlliance(3);
      ({ db, drop } = await makeDb());
      await migrate(db);
      // Members 1 and 2 are custodial; member 3 keeps its own key (self-custody) and relays through the gateway.
      signers = custodialSigners(chain, [1, 2]);
      app = createServer({
        db,
        provider: chain.provider,
        reader: chain.reader,
        signers,
        logger: pino({ level: "silent" }),
      });
      keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
      keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
      for (const m of [1, 2, 3])
        keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
      const revoked = await createApiKey(db, { label: "gone", role: "secretariat" });
      await revokeApiKey(db, revoked.id);
      keys.revoked = revoked.key;
    }, 120_000);
    afterAll(async () => {
      await drop();
      await chain.stop();
    });

    it("registers an applicant, admits it by council decision, and rotates its keys", async () => {
      const operator = Wallet.createRandom().address;
      const bad = await request(app)
        .post("/members")
        .set(as("secretariat"))
        .send({ name: "Hebei Vocational College", kind: "college", region: "Hebei", operator: "0x12" })
        .expect(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["kind", "operator"]);
      await request(app)
        .post("/members")
        .set(as("m1"))
        .send({ name: "X", kind: "university", region: "Hebei", operator })
        .expect(403);
      await request(app)
        .post("/members")
        .set(as("auditor"))
        .send({ name: "X", kind: "university", region: "Hebei", operator })
        .expect(403);
      await request(app)
        .post("/members")
        .set(as("revoked"))
        .send({ name: "X", kind: "university", region: "Hebei", operator })
        .expect(401);
      const { memberId } = (
        await request(app)
          .post("/members")
          .set(as("secretariat"))
          .send({ name: "Hebei Vocational College", kind: "vocationalCollege", region: "Hebei", operator })
          .expect(201)
      ).body;
      expect(memberId).toBe(4);
      expect(
        (await request(app).get("/members?status=pending").set(as("auditor")).expect(200)).body.items.map(
          (m: { name: string }) => m.name,
        ),
      ).toEqual(["Hebei Vocational College"]);

      // A member's custodial key holds no council role: the contract refuses, by name.
      expect(
        (await request(app).post("/proposals").set(as("m1")).send({ action: "admit", memberId }).expect(409)).body.error
          .code,
      ).toBe("registry_missing_role");
      expect(
        (await request(app).post("/proposals").set(as("secretariat")).send({ action: "admit" }).expect(400)).body.error
          .details[0].field,
      ).toBe("memberId");
      const proposal = (
        await request(app).post("/proposals").set(as("secretariat")).send({ action: "admit", memberId }).expect(201)
      ).body;
      expect(proposal.executed).toBe(true); // quorum 1 in the local alliance
      expect((await chain.reader.registry.member(memberId)).status).toBe(2n);
      const listed = (await request(app).get("/proposals?action=admit&executed=true").set(as("m2")).expect(200)).body;
      // The bootstrap admitted members 1-3 by council decisions too.
      expect(listed.items.map((p: { memberId: number }) => p.memberId)).toEqual([1, 2, 3, memberId]);
      expect(listed.items[3]).toEqual(
        expect.objectContaining({
          proposalId: Number(proposal.proposalId),
          action: "admit",
          approvals: 1,
          executed: true,
        }),
      );
      expect((await request(app).get("/proposals?action=withdraw").set(as("m2")).expect(200)).body).toEqual({
        items: [],
        total: 0,
        totalExact: true,
      });
      expect(
        (await request(app).post(`/proposals/${proposal.proposalId}/approve`).set(as("secretariat")).expect(409)).body
          .error.code,
      ).toBe("registry_proposal_executed");

      // Rotation is the school's own; member 2 may not touch member 1's keys, nor may the secretariat:
      // a school that lost its key recovers it by council decision.
      const fresh = Wallet.createRandom().address;
      await request(app).post("/members/1/operators").set(as("m2")).send({ add: fresh }).expect(403);
      await request(app).post("/members/1/operators").set(as("m1")).send({}).expect(400);
      await request(app)
        .post(`/members/${memberId}/operators`)
        .set(as("secretariat"))
        .send({ add: fresh, remove: operator })
        .expect(403);
      expect(
        (
          await request(app)
            .post("/proposals")
            .set(as("secretariat"))
            .send({ action: "recoverKey", memberId })
            .expect(400)
        ).body.error.details[0].field,
      ).toBe("account");
      const recovery = (
        await request(app)
          .post("/proposals")
          .set(as("secretariat"))
          .send({ action: "recoverKey", memberId, account: fresh })
          .expect(201)
      ).body;
      expect(recovery.executed).toBe(true); // the demo council is one key with quorum one
      expect((await request(app).get(`/members/${memberId}`).set(as("m1")).expect(200)).body.operators).toEqual([
        operator,
        fresh,
      ]);
      const listedRecovery = (await request(app).get("/proposals?action=recoverKey").set(as("m1")).expect(200)).body
        .items[0];
      expect(listedRecovery).toEqual(
        expect.objectContaining({
          action: "recoverKey",
          memberId,
          account: fresh,
          approvalsInOffice: 1,
          executed: true,
        }),
      );
      // Roles too change only by council decision.
      const auditor2 = Wallet.createRandom().address;
      const grant = (
        await request(app)
          .post("/proposals")
          .set(as("secretariat"))
          .send({ action: "grantRole", role: "auditor", account: auditor2 })
          .expect(201)
      ).body;
      expect(grant.executed).toBe(true);
      expect(await chain.reader.registry.hasRole(ROLE_IDS.auditor, auditor2)).toBe(true);
      expect(
        (
          await request(app)
            .post("/proposals")
            .set(as("secretariat"))
            .send({ action: "grantRole", role: "auditor", account: auditor2 })
            .expect(409)
        ).body.error.code,
      ).toBe("registry_role_unchanged");
      await request(app).get("/members/99").set(as("m1")).expect(404);
    });

    it("publishes, versions, certifies and retires courses; lists the catalogue with filters", async () => {
      const terms = {
        metadata: "Smart Manufacturing Lab",
        credits: 3,
        contactHours: 48,
        feePerCredit: "6000",
        term: 20262,
        seats: 40,
      };
      const { courseId } = (
        await request(app)
          .post("/courses")
          .set(as("m1"))
          .send({ code: "TJ-SM", ...terms })
          .expect(201)
      ).body;
      await request(app)
        .post("/courses")
        .set(as("m2"))
        .send({ code: "HB-NUR", ...terms, metadata: "Nursing practice" })
        .expect(201);
      expect(
        (
          await request(app)
            .post(`/courses/${courseId}/versions`)
            .set(as("m2"))
            .send({ ...terms, seats: 50 })
            .expect(409)
        ).body.error.code,
      ).toBe("catalog_not_host");
      expect(
        (
          await request(app)
            .post(`/courses/${courseId}/versions`)
            .set(as("m1"))
            .send({ ...terms, seats: 50 })
            .expect(201)
        ).body.version,
      ).toBe(2);
      await request(app).post("/courses/999/versions").set(as("m1")).send(terms).expect(404);

      await request(app)
        .put(`/courses/${courseId}/tier`)
        .set(as("secretariat"))
        .send({ tier: "gold", report: "r" })
        .expect(400);
      await request(app)
        .put(`/courses/${courseId}/tier`)
        .set(as("auditor"))
        .send({ tier: "certified", report: "r" })
        .expect(403);
      expect(
        (
          await request(app)
            .put(`/courses/${courseId}/tier`)
            .set(as("m1"))
            .send({ tier: "certified", report: "r" })
            .expect(409)
        ).body.error.code,
      ).toBe("registry_missing_role");
      const certified = (
        await request(app)
          .put(`/courses/${courseId}/tier`)
          .set(as("secretariat"))
          .send({ tier: "certified", report: "Evaluation committee report 2026-03" })
          .expect(200)
      ).body;
      expect(certified.reportHash).toBe(id("Evaluation committee report 2026-03"));

      const page = (await request(app).get("/courses?tier=certified").set(as("m3")).expect(200)).body;
      expect(page).toEqual({
        total: 1,
        totalExact: true,
        items: [
          expect.objectContaining({
            courseId,
            code: "TJ-SM",
            hostMemberId: 1,
            latestVersion: 2,
            tier: "certified",
            status: "active",
            seats: 50,
            feePerCredit: "6000",
            credits: 3,
          }),
        ],
      });
      expect(
        (await request(app).get("/courses?hostMemberId=2&limit=1").set(as("m3")).expect(200)).body.items[0].code,
      ).toBe("HB-NUR");
      await request(app).get("/courses?limit=0").set(as("m3")).expect(400);
      await request(app).post(`/courses/${courseId}/retire`).set(as("m1")).expect(200);
      expect(
        (await request(app).get("/courses?status=retired").set(as("m1")).expect(200)).body.items.map(
          (c: { courseId: number }) => c.courseId,
        ),
      ).toEqual([courseId]);
    });

    it("corrects an attestation: the issuer supersedes it with an anchored replacement", async () => {
      const record = {
        homeId: 1,
        courseId: 2,
        term: 20262,
        credits: 3,
        studentRef: "HB-2026-0042",
        grade: "B",
        completionDate: "2026-12-20",
      };
      const { ids } = (
        await request(app)
          .post("/attestations")
          .set(as("m2"))
          .send({ records: [record, { ...record, grade: "A-" }] })
          .expect(202)
      ).body;
      expect(
        (
          await request(app)
            .post(`/attestations/${ids[0]}/supersede`)
            .set(as("m2"))
            .send({ replacementId: ids[1], reasonCode: 3 })
            .expect(409)
        ).body.error.code,
      ).toBe("not_anchored_yet");
      await anchorPendingBatches({ db, signers });
      await request(app)
        .post(`/attestations/${ids[0]}/supersede`)
        .set(as("m1"))
        .send({ replacementId: ids[1], reasonCode: 3 })
        .expect(403);
      await request(app)
        .post(`/attestations/${ids[0]}/supersede`)
        .set(as("m2"))
        .send({ replacementId: ids[0], reasonCode: 3 })
        .expect(400);
      await request(app)
        .post(`/attestations/${ids[0]}/supersede`)
        .set(as("m2"))
        .send({ replacementId: "nope", reasonCode: 3 })
        .expect(404);
      const done = (
        await request(app)
          .post(`/attestations/${ids[0]}/supersede`)
          .set(as("m2"))
          .send({ replacementId: ids[1], reasonCode: 3 })
          .expect(200)
      ).body;
      const [old] = await db.query<{ leaf: string }>("t", "SELECT leaf FROM outbox_attestations WHERE id = $1", [
        ids[0],
      ]);
      expect(await chain.reader.creditLedger.supersededBy(old.leaf)).toBe(done.replacementLeaf);
      const [placed] = await db.query<{ batch_root: string; batch_index: number }>(
        "t",
        "SELECT batch_root, batch_index FROM outbox_attestations WHERE id = $1",
        [ids[0]],
      );
      expect(
        (await chain.reader.creditLedger.recordStatus(2, placed.batch_root, Number(placed.batch_index))).revoked,
      ).toBe(true);
      // The downloaded credential of the old record now fails verification at revocation.
      const file = (await request(app).get(`/attestations/${ids[0]}/credential`).set(as("m2")).expect(200)).body;
      const verdict = (await request(app).post("/credentials/verify").send(file).expect(200)).body;
      expect(verdict.valid).toBe(false);
    });

    it("relays a self-custody member's signed request so the ledger sees the member's own key", async () => {
      const own = devWallet(3, chain.provider); // member 3's operator key, never given to the gateway
      const root = id("member 3 self-signed batch");
      const signed = await signForwardRequest(chain.reader, own, {
        contract: "creditLedger",
        method: "anchorBatch",
        args: [root, 12],
      });
      // Another school may not relay member 3's request; an auditor may not relay at all.
      await request(app).post("/relay").set(as("m1")).send(signed).expect(403);
      await request(app).post("/relay").set(as("auditor")).send(signed).expect(403);
      expect(
        (
          await request(app)
            .post("/relay")
            .set(as("m3"))
            .send({ ...signed, signature: "0x1234" })
            .expect(400)
        ).body.error.details[0].field,
      ).toBe("signature");
      expect(
        (
          await request(app)
            .post("/relay")
            .set(as("m3"))
            .send({ ...signed, data: signed.data.slice(0, -1) + (signed.data.endsWith("c") ? "d" : "c") })
            .expect(400)
        ).body.error.code,
      ).toBe("invalid_signature");
      expect(
        (
          await request(app)
            .post("/relay")
            .set(as("m3"))
            .send({ ...signed, to: chain.reader.addresses.forwarder })
            .expect(400)
        ).body.error.code,
      ).toBe("target_not_alliance_contract");

      const relayed = (await request(app).post("/relay").set(as("m3")).send(signed).expect(200)).body;
      const receipt = await chain.provider.getTransactionReceipt(relayed.transactionHash);
      const anchored = receipt!.logs
        .map((l) => chain.reader.creditLedger.interface.parseLog(l))
        .find((e) => e?.name === "BatchAnchored")!;
      expect(anchored.args.issuerId).toBe(3n);
      expect(anchored.args.anchoredBy).toBe(own.address);
      expect((await request(app).post("/relay").set(as("m3")).send(signed).expect(400)).body.error.code).toBe(
        "stale_nonce",
      );

      // A request the contract refuses comes back by the contract's error name, not as the forwarder's "call failed".
      const again = await signForwardRequest(chain.reader, own, {
        contract: "creditLedger",
        method: "anchorBatch",
        args: [root, 12],
      });
      expect((await request(app).post("/relay").set(as("m3")).send(again).expect(409)).body.error.code).toBe(
        "credit_ledger_batch_exists",
      );
      const expired = await signForwardRequest(chain.reader, own, {
        contract: "creditLedger",
        method: "anchorBatch",
        args: [id("late"), 1],
        validForSeconds: -10,
      });
      expect((await request(app).post("/relay").set(as("m3")).send(expired).expect(400)).body.error.code).toBe(
        "request_expired",
      );
    });
  },
);
