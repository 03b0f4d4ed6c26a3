import { id } from "ethers";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createAllianceClient } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { indexChain } from "../indexer/indexChain.js";
import { anchorPendingBatches } from "../outbox/anchorPendingBatches.js";
import { createServer } from "../server.js";
import { bothDatabases } from "../testing/bothDatabases.js";
import { custodialSigners } from "../testing/custodialSigners.js";

type Member = { memberId: number; [k: string]: unknown };

/**
 * Two terms of an alliance run through the gateway alone, as its members and secretariat would: the
 * council decides the charter (shares 50/30/20, minimum contribution index 0.8, a suspension proposed
 * after two low periods); a course is taught and recognised, a lab is shared (one use confirmed, one
 * disputed and resolved), a grant comes in, contributions are paid, and each period closes with nets
 * that sum to zero. Member 3 pays nothing and hosts nothing: it is recorded low at both closes, the
 * second close proposes its suspension, the council decides it, and the next period cannot open with
 * the charter's shares until the council decides shares without it.
 */
describe.each(bothDatabases("gateway_term_test"))("an alliance term through the gateway on %s", (_name, makeDb) => {
  let chain: LocalAlliance;
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let signers: Map<number, ReturnType<typeof createAllianceClient>>;
  const keys: Record<string, string> = {};
  let seq = 0;
  const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `term-${++seq}` });
  const index = () => indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
  const post = async (who: string, path: string, body: object | undefined, status: number) =>
    (await request(app).post(path).set(as(who)).send(body).expect(status)).body;
  const get = async (who: string, path: string) => (await request(app).get(path).set(as(who)).expect(200)).body;
  const contribute = (who: string, periodId: number, reference: string, amount: string) =>
    post(who, "/cost-entries", { kind: "cash", reference, periodId, amount, evidenceHash: id(reference) }, 201);

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
      keyPassphrase: "term-test-passphrase",
    });
    keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
    keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
    for (const m of [1, 2, 3])
      keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
  }, 120_000);
  afterAll(async () => {
    await drop();
    await chain.stop();
  });

  it("runs two periods: courses, resource uses, a dispute, income, closes, a low contributor and its suspension", async () => {
    // The charter, decided by the council (the secretariat's key sits on this alliance's council of one).
    const shares = [
      { memberId: 1, shareBps: 5000 },
      { memberId: 2, shareBps: 3000 },
      { memberId: 3, shareBps: 2000 },
    ];
    await post("secretariat", "/proposals", { action: "decideShares", shares }, 201);
    const rule = { minContributionIndex: 0.8, periodsBeforeSuspension: 2 };
    await post("secretariat", "/proposals", { action: "setContributionRule", contributionRule: rule }, 201);
    const p1 = (await post("secretariat", "/periods", { currency: "CNY" }, 201)).periodId;

    // A course taught by member 1 for two students of member 2, recognised: ¥3,000 of fees to member 1.
    await post(
      "m1",
      "/courses",
      {
        code: "BIT-RB201",
        metadata: "Robotics",
        credits: 2.5,
        contactHours: 40,
        feePerCredit: "60000",
        term: 20262,
        seats: 30,
      },
      201,
    );
    const records = [1, 2].map((s) => ({
      homeId: 2,
      courseId: 1,
      term: 20262,
      credits: "2.5",
      studentRef: `HB-${s}`,
      grade: "A",
      completionDate: "2026-12-20",
    }));
    const { ids } = await post("m1", "/attestations", { records }, 202);
    await anchorPendingBatches({ db, signers });
    const decided = await post(
      "m2",
      "/recognitions",
      { decisions: ids.map((attestationId: string) => ({ attestationId, decision: "accept" })) },
      200,
    );
    expect(decided.decided).toBe(2);

    // Member 2 shares a lab at ¥800 a day: member 1 uses 2 days; member 3's 3 days are disputed and resolved at 2.
    const lab = { kind: "labOrTrainingRoom", unit: "day", pricePerUnit: "80000", capacity: 10, termsHash: id("lab") };
    const { resourceId } = await post("m2", "/resources", lab, 201);
    const useOf = async (user: string, quantity: number) => {
      const { useId } = await post(
        user,
        "/resource-uses",
        { resourceId, quantity, startDay: "2026-10-12", endDay: "2026-10-16" },
        201,
      );
      await post("m2", `/resource-uses/${useId}/accept`, {}, 200);
      await post("m2", `/resource-uses/${useId}/deliver`, { quantity, evidenceHash: id(`sheet ${useId}`) }, 200);
      return useId as string;
    };
    expect((await post("m1", `/resource-uses/${await useOf("m1", 2)}/confirm`, undefined, 200)).fee).toBe("160000");
    const disputed = await useOf("m3", 3);
    await post("m3", `/resource-uses/${disputed}/dispute`, { reason: "the lab was shut on one day" }, 200);
    await post("m1", `/resource-uses/${disputed}/resolve`, { quantity: 2, reason: "x" }, 403);
    const resolved = await post(
      "secretariat",
      `/resource-uses/${disputed}/resolve`,
      { quantity: 2, reason: "the door log shows two days" },
      200,
    );
    expect(resolved).toMatchObject({ status: "resolved", fee: "160000", periodId: p1 });

    // A ¥1,000 grant received by member 1, and contributions from members 1 and 2; member 3 pays nothing.
    const grant = await post(
      "m1",
      "/cost-entries",
      { kind: "income", reference: "GRANT-1", periodId: p1, source: "grant", amount: "100000", evidenceHash: id("g") },
      201,
    );
    // Nobody confirms its own claim: member 1's key is refused the secretariat's confirmation.
    await post("m1", `/cost-entries/${grant.entryId}/confirm`, undefined, 403);
    const paid1 = await contribute("m1", p1, "C-1", "600000");
    const paid2 = await contribute("m2", p1, "C-2", "400000");
    for (const e of [grant, paid1, paid2])
      await post("secretariat", `/cost-entries/${e.entryId}/confirm`, undefined, 200);

    // Reconciliation: cost 1,000,000 less income 100,000 split 50/30/20; course and resource fees; nets sum to 0.
    const r1 = await get("auditor", `/periods/${p1}/reconciliation`);
    expect([r1.totalCost, r1.totalIncome]).toEqual(["1000000", "100000"]);
    const line = (m: number) => r1.members.find((x: Member) => x.memberId === m);
    expect(line(1)).toMatchObject({ feesReceivable: "300000", feesPayable: "160000", incomeReceived: "100000" });
    expect(line(1).allocatedCost).toBe("450000");
    expect(line(2)).toMatchObject({ feesReceivable: "320000", feesPayable: "300000", allocatedCost: "270000" });
    expect(line(3)).toMatchObject({ feesPayable: "160000", allocatedCost: "180000", net: "-340000" });
    expect(r1.members.reduce((s: bigint, m: { net: string }) => s + BigInt(m.net), 0n)).toBe(0n);
    const closed1 = await post("secretariat", `/periods/${p1}/close`, undefined, 200);
    expect(closed1.report.totalIncome).toBe("100000");

    // Close recorded member 3 below the minimum, once: no suspension yet.
    await index();
    const perf1 = await get("m2", `/performance?periodId=${p1}`);
    const low1 = perf1.members.filter((m: Member) => m.belowMinimum);
    expect(low1).toEqual([
      expect.objectContaining({ memberId: 3, contributionIndex: 0, consecutiveLowPeriods: 1, resourceUsesUsed: 1 }),
    ]);
    expect(low1[0].suspensionProposalId).toBeUndefined();
    expect(perf1.members.find((m: Member) => m.memberId === 1)).toMatchObject({
      coursesOffered: 1,
      studentsHosted: 2,
      creditsRecognised: 5,
      resourceUsesUsed: 1,
      incomeReceived: "100000",
    });
    expect(perf1.members.find((m: Member) => m.memberId === 2)).toMatchObject({
      recognitionsDecided: 2,
      resourceUsesHosted: 2,
    });

    // Period 2: members 1 and 2 pay, member 3 again nothing; the close proposes its suspension.
    const p2 = (await post("secretariat", "/periods", { currency: "CNY" }, 201)).periodId;
    for (const [who, ref] of [
      ["m1", "C-3"],
      ["m2", "C-4"],
    ]) {
      const e = await contribute(who, p2, ref, "500000");
      await post("secretariat", `/cost-entries/${e.entryId}/confirm`, undefined, 200);
    }
    await post("secretariat", `/periods/${p2}/close`, undefined, 200);
    await index();
    const perf2 = await get("auditor", `/performance?periodId=${p2}`);
    const low2 = perf2.members.find((m: Member) => m.memberId === 3);
    expect(low2).toMatchObject({ belowMinimum: true, consecutiveLowPeriods: 2, contributionIndex: 0.5 });
    expect(perf2.members.filter((m: Member) => m.belowMinimum)).toHaveLength(1);
    const proposals = (await get("m1", "/proposals?action=suspend")).items;
    expect(proposals).toEqual([
      expect.objectContaining({ memberId: 3, lowContributionPeriodId: p2, approvals: 0, executed: false }),
    ]);
    expect(String(proposals[0].proposalId)).toBe(low2.suspensionProposalId);

    // The council still decides: its approval suspends member 3.
    const approved = await post("secretariat", `/proposals/${proposals[0].proposalId}/approve`, undefined, 200);
    expect(approved.executed).toBe(true);
    expect(Number(await chain.reader.registry.memberStatus(3))).toBe(3); // Suspended

    // The charter's shares still name member 3: no period opens with them until the council decides others.
    expect((await post("secretariat", "/periods", { currency: "CNY" }, 409)).error.code).toMatch(
      /^(registry_member_not_active|cost_ledger_members_incomplete)$/,
    );
    const without = [
      { memberId: 1, shareBps: 6000 },
      { memberId: 2, shareBps: 4000 },
    ];
    await post("secretariat", "/proposals", { action: "decideShares", shares: without, periodId: p2 + 1 }, 201);
    expect((await post("secretariat", "/periods", { currency: "CNY" }, 201)).periodId).toBe(p2 + 1);

    // The auditor's audit of the gateway's books against the chain passes over both terms.
    const audit = await get("auditor", "/audit/report");
    expect(audit.discrepancies).toEqual([]);
    expect(audit.passed).toBe(true);
  });
});
