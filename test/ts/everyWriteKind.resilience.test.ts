import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { id, JsonRpcProvider, Wallet } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import {
  AllianceRegistry__factory,
  createAllianceClient,
  createGatewayClient,
  signForwardRequest,
  type GatewayClient,
  type GatewayReconciliation,
} from "@alliance-ledger/sdk";
import { devWallet } from "@alliance-ledger/sdk/testing";
import { killAll, killNode, start, stop, waitForLog } from "./helpers/npmStart.js";

afterEach(killAll);

/**
 * Every kind of write the gateway acknowledges, each followed at once by a kill -9 of the chain node.
 * Snapshots are hours apart here, so every kill loses every write made since the stack started: after
 * each restart the gateway must have sent each lost write again, and the chain must hold each
 * acknowledged write exactly once (one transaction with its sender, target and calldata), in an order
 * the contracts accept (a confirmation after its claim, an approval after its proposal).
 */
describe("kill -9 of the node after each kind of acknowledged write", () => {
  it("finds every acknowledged write on chain exactly once after each restart", async () => {
    let stackLog = () => "";
    try {
      await scenario((log) => (stackLog = log));
    } catch (error) {
      throw new Error(`${(error as Error).stack}\n--- npm start printed:\n${stackLog().slice(-3000)}`);
    }
  }, 600_000);
});

async function scenario(onStart: (log: () => string) => void) {
  {
    const dataDir = await mkdtemp(join(tmpdir(), "alliance-every-write-"));
    const stack = await start(dataDir, { ALLIANCE_STATE_INTERVAL_SECONDS: "3600" });
    onStart(stack.log);
    const keys = JSON.parse(await readFile(join(dataDir, "demo-api-keys.json"), "utf8")) as {
      secretariat: string;
      auditor: string;
      members: Record<string, string>;
    };
    const { addresses } = JSON.parse(await readFile(join(dataDir, "deployment.json"), "utf8"));
    const provider = new JsonRpcProvider(stack.rpc, undefined, {
      staticNetwork: true,
      batchMaxCount: 1,
      cacheTimeout: -1,
    });
    const firstBlock = (await provider.getBlockNumber()) + 1;
    const gw = (apiKey: string): GatewayClient => createGatewayClient({ baseUrl: stack.api, apiKey });
    const secretariat = gw(keys.secretariat);
    const member = (memberId: number) => gw(Object.values(keys.members)[memberId - 1]);
    /** Transactions the gateway answered 2xx for, so far. */
    let acknowledged = 0;
    const ack = async <T extends { transactionHash?: string | null; transactionHashes?: string[] }>(
      write: Promise<T>,
    ) => {
      const answer = await write;
      acknowledged += answer.transactionHashes?.length ?? (answer.transactionHash ? 1 : 0);
      return answer;
    };

    /**
     * Where each acknowledged write stands: its status, and how many transactions on chain carry its
     * sender, target and calldata (exactly once: 1). Keyed by route and idempotency key.
     */
    const standing = async () => {
      const writes = (await secretariat.listChainWrites({ limit: 500 })).items;
      const seen = new Map<string, number>();
      for (let n = firstBlock, head = await provider.getBlockNumber(); n <= head; n++) {
        for (const t of (await provider.getBlock(n, true))!.prefetchedTransactions)
          seen.set(`${t.from}|${t.to}|${t.data}`, (seen.get(`${t.from}|${t.to}|${t.data}`) ?? 0) + 1);
      }
      const rows = await Promise.all(
        writes.map(async (w) => {
          const t = await provider.getTransaction(w.transactionHash);
          return `${w.route} ${w.idempotencyKey}: ${w.status}${w.reason ? ` (${w.reason})` : ""}, on chain ${t?.blockNumber == null ? 0 : seen.get(`${t.from}|${t.to}|${t.data}`)}x`;
        }),
      );
      return { writes, rows };
    };
    /** Kills the node, waits for it to come back, and checks every acknowledged write is on chain once (the keeper may need a pass or two). */
    const killAndCheck = async (after: string) => {
      const killedAt = stack.log().length;
      killNode(stack.child);
      await waitForLog(stack, "the chain node is back", 60_000, killedAt);
      let now = await standing();
      const settled = () =>
        now.writes.length === acknowledged && now.rows.every((r) => r.endsWith(": on_chain, on chain 1x"));
      for (let i = 0; i < 120 && !settled(); i++) {
        await new Promise((r) => setTimeout(r, 500));
        now = await standing();
      }
      expect(
        now.rows.filter((r) => !r.endsWith(": on_chain, on chain 1x")),
        `after ${after}`,
      ).toEqual([]);
      expect(now.writes, `after ${after}`).toHaveLength(acknowledged);
      return now.writes;
    };

    // Three new records of member 2's course, anchored after the node's snapshot: every kill loses their
    // batch too, so a revocation or correction of them is sent again only after the batch is anchored again.
    const records = [1, 2, 3].map((i) => ({
      homeId: 3,
      courseId: 2,
      term: 20262,
      credits: 2,
      studentRef: `CRASH-STUDENT-${i}`,
      grade: "A",
      completionDate: "2026-12-20",
    }));
    const fresh = (await member(2).submitAttestations({ records, idempotencyKey: "fresh-records" })).ids;
    /** Waits for the batcher to (re-)anchor a record's batch: until then the gateway answers 409 not_anchored_yet. */
    const anchored = async (attestationId: string) => {
      for (
        let i = 0;
        i < 300 &&
        !(await member(2)
          .getCredential(attestationId)
          .then(
            () => true,
            () => false,
          ));
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
    };
    await anchored(fresh[0]);

    // Claims, a confirmation and a rejection in the open period 2.
    const claim = (memberId: number, reference: string, amount: string) =>
      ack(
        member(memberId).claimCostEntry(
          { kind: "cash", reference, periodId: 2, amount, evidenceHash: id(reference) },
          `claim-${reference}`,
        ),
      );
    const c1 = await claim(1, "CRASH-1", "300000");
    const c2 = await claim(2, "CRASH-2", "120000");
    const c3 = await claim(3, "CRASH-3", "90000");
    await killAndCheck("claims");
    await ack(secretariat.confirmCostEntry(c1.entryId, "confirm-1"));
    await ack(secretariat.confirmCostEntry(c3.entryId, "confirm-3"));
    await killAndCheck("confirmations");
    await ack(secretariat.rejectCostEntry(c2.entryId, { reasonCode: 2 }, "reject-2"));
    await killAndCheck("a rejection");

    // A recognition, a revocation and a correction of the demo's anchored records.
    // A demo record recognised by its home school; the new records revoked and corrected by their issuer.
    const undecided = (
      await Promise.all(
        [1, 2, 3, 4, 5, 6].map(async (home) =>
          (await member(home).recognitionInbox({ limit: 500 })).items.map((r) => ({ ...r, home })),
        ),
      )
    ).flat();
    const recognised = undecided.find((r) => !fresh.includes(r.id))!;
    const [revoked, corrected, replacement] = fresh;
    await ack(
      member(recognised.home).decide({
        decisions: [{ attestationId: recognised.id, decision: "accept" }],
        idempotencyKey: "recognise",
      }),
    );
    await killAndCheck("a recognition");
    await anchored(revoked);
    await ack(member(2).revoke(revoked, { reasonCode: 1 }, "revoke"));
    await killAndCheck("a revocation");
    await anchored(corrected);
    await ack(member(2).supersede(corrected, { replacementId: replacement, reasonCode: 2 }, "supersede"));
    await killAndCheck("a correction");

    // Course changes: publish, a new version, a tier decision, retirement.
    const terms = {
      metadata: "Crash-safe systems",
      credits: 2,
      contactHours: 32,
      feePerCredit: "50000",
      term: 20271,
      seats: 40,
    };
    const course = await ack(member(1).publishCourse({ code: "CRASH101", ...terms }, "course"));
    await ack(member(1).publishCourseVersion(course.courseId, { ...terms, seats: 50 }, "course-v2"));
    await ack(
      secretariat.setCourseTier(
        course.courseId,
        { tier: "certified", report: "evaluated: meets the alliance's standard" },
        "course-tier",
      ),
    );
    await ack(member(1).retireCourse(course.courseId, "course-retire"));
    await killAndCheck("course changes");

    // Membership: an applicant registered, a school's key rotated.
    const applicant = await ack(
      secretariat.registerApplicant(
        {
          name: "Crash Test Polytechnic",
          kind: "vocationalCollege",
          region: "Hangzhou",
          operator: Wallet.createRandom().address,
        },
        "register",
      ),
    );
    await ack(member(1).rotateOperatorKeys(1, { add: Wallet.createRandom().address }, "rotate"));
    await killAndCheck("membership changes");

    // Proposals and an approval: member 1's key joins the council, the quorum becomes 2, an admission waits for a second approval.
    await ack(
      secretariat.propose(
        { action: "grantRole", role: "council", account: devWallet(1, provider).address },
        "propose-councillor",
      ),
    );
    const charter = await AllianceRegistry__factory.connect(addresses.registry, provider).charter();
    await ack(
      secretariat.propose(
        {
          action: "amendCharter",
          charter: {
            documentHash: id("charter v+1"),
            version: Number(charter.version) + 1,
            councilQuorum: 2,
            proposalLifetime: Number(charter.proposalLifetime),
          },
        },
        "propose-quorum",
      ),
    );
    const admission = await ack(
      secretariat.propose({ action: "admit", memberId: applicant.memberId }, "propose-admit"),
    );
    expect(admission.executed).toBe(false);
    await killAndCheck("proposals");
    expect((await ack(member(1).approve(BigInt(admission.proposalId), "approve"))).executed).toBe(true);
    await killAndCheck("an approval");

    // The council (quorum 2) decides period 3's shares, now over seven members (the admitted applicant is member 7).
    const shares3 = [2000, 1800, 1500, 1400, 1300, 1200, 800].map((shareBps, i) => ({ memberId: i + 1, shareBps }));
    const decision = await ack(
      secretariat.propose({ action: "decideShares", shares: shares3, periodId: 3 }, "propose-shares"),
    );
    expect((await ack(member(1).approve(BigInt(decision.proposalId), "approve-shares"))).executed).toBe(true);

    // The period closes, the next opens with the decided shares, a settlement is recorded and confirmed by its payee.
    const closed = await ack(secretariat.closePeriod(2, "close-2"));
    await ack(secretariat.openPeriod({ currency: "CNY", shares: shares3 }, "open-3"));
    await killAndCheck("closing and opening a period");
    const plan = (closed.report as GatewayReconciliation).settlements[0];
    const settlement = await ack(
      member(plan.payerId).recordSettlement(
        { periodId: 2, payeeId: plan.payeeId, amount: plan.amount, paymentReference: "CRASH-SETTLE-1" },
        "settle",
      ),
    );
    await killAndCheck("a settlement");
    await ack(member(plan.payeeId).confirmSettlement(settlement.settlementId, "settle-confirm"));
    await killAndCheck("a settlement's confirmation");

    // A self-custody request relayed: member 5 signs with its own key, the gateway's relayer sends it.
    const own = createAllianceClient({ runner: devWallet(5, provider), addresses });
    const signed = await signForwardRequest(own, devWallet(5, provider), {
      contract: "creditLedger",
      method: "anchorBatch",
      args: [id("crash-relayed-batch"), 3],
    });
    await ack(member(5).relay(signed, "relay"));
    const writes = await killAndCheck("a relayed request");
    expect(writes.filter((w) => w.resent > 0).length).toBeGreaterThan(0);

    // The chain holds what was meant: the entries as decided, and the books audit clean except for the
    // batch member 5 anchored with its own key, which this gateway's books rightly do not hold. Lists come
    // from the read model, which follows the chain a few seconds behind after a restart: read until it has
    // caught up (bounded), then assert.
    const decided = async () =>
      (await secretariat.listCostEntries({ periodId: 2, limit: 500 })).items
        .filter((e) => e.entryId === c1.entryId || e.entryId === c2.entryId || e.entryId === c3.entryId)
        .map((e) => e.status)
        .sort();
    let statuses = await decided();
    for (let i = 0; i < 120 && statuses.join() !== "confirmed,confirmed,rejected"; i++) {
      await new Promise((r) => setTimeout(r, 500));
      statuses = await decided();
    }
    expect(statuses).toEqual(["confirmed", "confirmed", "rejected"]);
    const relayedRoot = id("crash-relayed-batch").toLowerCase();
    expect((await gw(keys.auditor).auditReport()).discrepancies.map((d) => [d.code, d.recordId])).toEqual(
      [0, 1, 2].map((i) => ["ATTESTATION_MISSING", `5:${relayedRoot}:${i}`]),
    );
    provider.destroy();
    await stop(stack.child, "SIGINT");
  }
}
