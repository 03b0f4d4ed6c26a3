import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id, type AbstractSigner, type JsonRpcProvider } from "ethers";
import { closePeriod, confirmEntries, createAllianceClient, type AllianceClient } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance, type LocalAlliance, openDecidedPeriod } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { createServer } from "../server.js";
import { bothDatabases } from "../testing/bothDatabases.js";
import { keepChainWrites } from "./keepChainWrites.js";
import { RecordingWallet } from "./recordingWallet.js";

/**
 * The node loses state (evm_revert to a snapshot taken before the writes: to the gateway exactly like a
 * node restored from an older state file) and the keeper sends every acknowledged write again, once,
 * even when it is itself interrupted mid re-send; a write that can no longer apply is reported.
 */
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
}, 60_000);
afterAll(async () => chain?.stop());

const provider = () => chain.provider as JsonRpcProvider;
const snapshotChain = () => provider().send("evm_snapshot", []) as Promise<string>;
const loseStateSince = async (snapshot: string) => expect(await provider().send("evm_revert", [snapshot])).toBe(true);
/** The node's provider, except that broadcasting dies (as the keeper's process would) just before or just after it reaches the node. */
const failing = (when: "before" | "after", message: string) =>
  new Proxy(provider(), {
    get(target, key) {
      if (key === "broadcastTransaction")
        return async (signed: string) => {
          if (when === "after") await target.broadcastTransaction(signed);
          throw new Error(message);
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
/** How many times the chain holds an entry's claim, confirmation or rejection. */
const timesOnChain = async (event: "EntryClaimed" | "EntryConfirmed" | "EntryRejected", entryId: string) =>
  (await chain.reader.costLedger.queryFilter(chain.reader.costLedger.filters[event](entryId))).length;

describe.each(bothDatabases("gateway_keeper_test"))("the chain-write keeper on %s", (name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  let senders: AbstractSigner[];
  const keys: Record<string, string> = {};
  const unconfirmed: string[] = [];
  const as = (who: string, idem: string) => ({
    authorization: `Bearer ${keys[who]}`,
    "idempotency-key": `${name}-${idem}`,
  });
  const keep = (over: Partial<Parameters<typeof keepChainWrites>[0]> = {}) =>
    keepChainWrites({ db, provider: provider(), senders, ...over });

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    // Custodial keys as the gateway holds them: each journals what it sends.
    const signers = new Map<number, AllianceClient>(
      [0, 1, 2].map((i) => [
        i,
        createAllianceClient({
          runner: new RecordingWallet(devWallet(i, provider()).privateKey, provider()),
          addresses: chain.reader.addresses,
        }),
      ]),
    );
    senders = [...signers.values()].map((c) => c.runner as AbstractSigner);
    app = createServer({ db, provider: provider(), reader: chain.reader, signers, logger: pino({ level: "silent" }) });
    keys.m1 = (await createApiKey(db, { label: "m1", role: "member", memberId: 1 })).key;
    keys.m2 = (await createApiKey(db, { label: "m2", role: "member", memberId: 2 })).key;
    keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
  });
  afterAll(async () => drop());

  const claim = (who: "m1" | "m2", reference: string) =>
    request(app)
      .post("/cost-entries")
      .set(as(who, reference))
      .send({
        kind: "cash",
        reference: `${name}-${reference}`,
        periodId,
        amount: "250000",
        evidenceHash: id(reference),
      })
      .expect(201);

  it("finds nothing to do while the chain has every write", async () => {
    const claimed = (await claim("m1", "K-0")).body;
    unconfirmed.push(claimed.entryId);
    expect(await keep()).toEqual({ checked: 1, resent: [], needsPerson: [] }); // the new write's block is noted
    expect(await keep()).toEqual({ checked: 0, resent: [], needsPerson: [] });
    expect(
      (await request(app).get(`/chain-writes/${claimed.transactionHash}`).set(as("m1", "-")).expect(200)).body,
    ).toMatchObject({ status: "on_chain", resent: 0, route: "POST /cost-entries" });
    // Another school cannot read it, even knowing its id (a transaction hash is public).
    expect(
      (await request(app).get(`/chain-writes/${claimed.transactionHash}`).set(as("m2", "-")).expect(404)).body.error
        .code,
    ).toBe("chain_write_not_found");
  });

  it("sends every lost write again exactly once, in order, and tells the caller", async () => {
    const before = await snapshotChain();
    const e1 = (await claim("m1", "K-1")).body.entryId as string;
    const e2 = (await claim("m2", "K-2")).body.entryId as string;
    await request(app).post(`/cost-entries/${e1}/confirm`).set(as("secretariat", "K-1c")).expect(200);
    await request(app)
      .post(`/cost-entries/${e2}/reject`)
      .set(as("secretariat", "K-2r"))
      .send({ reasonCode: 4 })
      .expect(200);
    await loseStateSince(before);
    expect(await timesOnChain("EntryClaimed", e1)).toBe(0);

    const report = await keep();
    expect(report.resent).toHaveLength(4);
    expect(report.needsPerson).toEqual([]);
    // Each exactly once, and the confirmation after its claim (else the contract would have refused it).
    expect([
      await timesOnChain("EntryClaimed", e1),
      await timesOnChain("EntryConfirmed", e1),
      await timesOnChain("EntryClaimed", e2),
      await timesOnChain("EntryRejected", e2),
    ]).toEqual([1, 1, 1, 1]);
    expect((await keep()).resent).toEqual([]);

    // A retry of the acknowledged request is told the transaction that carries it now.
    const replay = (await claim("m1", "K-1")).body;
    expect(replay.chainWrites).toEqual([
      expect.objectContaining({ status: "on_chain", resent: 1, route: "POST /cost-entries" }),
    ]);
    const listed = (
      await request(app).get(`/chain-writes?idempotencyKey=${name}-K-1c`).set(as("secretariat", "-")).expect(200)
    ).body;
    expect(listed.items).toEqual([
      expect.objectContaining({ status: "on_chain", resent: 1, route: "POST /cost-entries/:entryId/confirm" }),
    ]);
    // Another school's key does not see this school's writes.
    expect(
      (await request(app).get(`/chain-writes?idempotencyKey=${name}-K-1`).set(as("m2", "-")).expect(200)).body.total,
    ).toBe(0);
  });

  it("stays exactly once when the keeper itself dies before or after broadcasting a re-send", async () => {
    const before = await snapshotChain();
    const e3 = (await claim("m1", "K-3")).body.entryId as string;
    unconfirmed.push(e3);
    await loseStateSince(before);
    // Dies after committing the re-send's hash, before broadcasting it.
    expect((await keep({ provider: failing("before", "killed before broadcasting") })).resent).toEqual([]);
    expect(await timesOnChain("EntryClaimed", e3)).toBe(0);
    // Dies after broadcasting, before seeing it mined.
    expect((await keep({ provider: failing("after", "killed right after broadcasting") })).resent).toEqual([]);
    expect(await timesOnChain("EntryClaimed", e3)).toBe(1);
    // The next pass finds the re-send mined and sends nothing.
    expect((await keep()).resent).toEqual([]);
    expect(await timesOnChain("EntryClaimed", e3)).toBe(1);
    const [row] = await db.query<{ status: string; resent: number }>(
      "t",
      "SELECT status, resent FROM chain_writes WHERE idem_key = $1",
      [`${name}-K-3`],
    );
    expect([row.status, Number(row.resent)]).toEqual(["on_chain", 2]);
  });

  it("reports a lost write that can no longer apply as needing a person, with the contract's reason", async () => {
    await confirmEntries(chain.secretariat, { entryIds: unconfirmed.splice(0) }); // so the period can close below
    const before = await snapshotChain();
    const e4 = (await claim("m2", "K-4")).body.entryId as string;
    await request(app).post(`/cost-entries/${e4}/confirm`).set(as("secretariat", "K-4c")).expect(200);
    await loseStateSince(before);
    // Meanwhile, on the restored chain, the secretariat closes the period (from another gateway, say).
    const closing = await snapshotChain();
    await closePeriod(chain.secretariat, { periodId });

    const report = await keep();
    expect(report.resent).toEqual([]);
    expect(report.needsPerson).toHaveLength(2);
    expect(await timesOnChain("EntryClaimed", e4)).toBe(0);
    const stuck = (await request(app).get("/chain-writes?status=needs_person").set(as("secretariat", "-")).expect(200))
      .body.items as Array<{ route: string; reason: string }>;
    expect(stuck.map((w) => [w.route, w.reason])).toEqual([
      ["POST /cost-entries", "the ledger now refuses it: CostLedgerPeriodNotOpen"],
      ["POST /cost-entries/:entryId/confirm", "the ledger now refuses it: CostLedgerUnknownEntry"],
    ]);
    // The caller retrying its request learns the truth instead of the stale 201.
    const told = await request(app)
      .post("/cost-entries")
      .set(as("m2", "K-4"))
      .send({ kind: "cash", reference: `${name}-K-4`, periodId, amount: "250000", evidenceHash: id("K-4") })
      .expect(409);
    expect(told.body.error.code).toBe("write_needs_person");

    // The secretariat records what was decided instead; a school's key may not, and a write on chain is not stuck.
    const claimWrite = (
      await request(app).get(`/chain-writes?idempotencyKey=${name}-K-4`).set(as("secretariat", "-")).expect(200)
    ).body.items[0];
    const note = { note: "claimed again in period 2 as K-4b" };
    await request(app).post(`/chain-writes/${claimWrite.id}/resolve`).set(as("m2", "R-1")).send(note).expect(403);
    const resolved = (
      await request(app)
        .post(`/chain-writes/${claimWrite.id}/resolve`)
        .set(as("secretariat", "R-2"))
        .send(note)
        .expect(200)
    ).body;
    expect(resolved).toMatchObject({
      status: "resolved",
      reason: expect.stringContaining("claimed again in period 2 as K-4b"),
    });
    const onChain = (await request(app).get("/chain-writes?status=on_chain").set(as("secretariat", "-")).expect(200))
      .body.items[0];
    expect(
      (
        await request(app)
          .post(`/chain-writes/${onChain.id}/resolve`)
          .set(as("secretariat", "R-3"))
          .send(note)
          .expect(409)
      ).body.error.code,
    ).toBe("chain_write_not_stuck");
    const toldAgain = await request(app)
      .post("/cost-entries")
      .set(as("m2", "K-4"))
      .send({ kind: "cash", reference: `${name}-K-4`, periodId, amount: "250000", evidenceHash: id("K-4") })
      .expect(409);
    expect(toldAgain.body.error.code).toBe("write_resolved_by_person");
    expect(toldAgain.body.error.message).toContain("claimed again in period 2 as K-4b");
    await loseStateSince(closing); // the period reopens for the other database's run
  });
});
