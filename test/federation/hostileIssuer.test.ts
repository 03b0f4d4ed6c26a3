import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hideFields, issueCredentialFile } from "@alliance-ledger/sdk";
import { ProposalAction, proposeDecision } from "@alliance-ledger/sdk";
import { sealForMember } from "../../packages/api/src/federation/recordEnvelope.js";
import { signRequest } from "../../packages/api/src/federation/signedRequests.js";
import { transportKeys } from "../../packages/api/src/federation/transportKeys.js";
import { createBatchLoader } from "../../packages/api/src/outbox/loadBatch.js";
import { type FederatedAlliance, PASSPHRASE, startFederatedAlliance } from "./helpers/federatedAlliance.js";

/**
 * What a hostile member can do to the others' gateways through federation, each played against real
 * gateways and refused: an issuer gateway that answers without end, slowly, by redirect, with a manifest
 * that hashes right but names no home school, or with records that hide who they are for; a request
 * carrying someone else's signature; keys taken before their owner publishes them; a member that left.
 */
describe("a hostile member against the federation", () => {
  let alliance: FederatedAlliance;
  let gw: FederatedAlliance["gw"];
  const loader = createBatchLoader();
  const forward = (req: express.Request) =>
    fetch(`${gw.A.url}${req.originalUrl}`, { headers: req.headers as Record<string, string> });
  /** Pulls for B and returns what happened to `root`, and what B's books say of it. */
  const outcome = async (root: string, options: { requestTimeoutMs?: number; allowLoopback?: boolean } = {}) => {
    const report = await alliance.pull(gw.B, { ignoreBackoff: true, ...options });
    const [row] = await gw.B.db.query<{ status: string; last_error: string | null; n: number | string }>(
      "t",
      `SELECT status, last_error, (SELECT COUNT(*) FROM inbound_attestations i WHERE i.batch_root = b.root) AS n
       FROM inbound_batches b WHERE root = $1`,
      [root],
    );
    return { batch: report.batches.find((b) => b.root === root)!, row, stored: Number(row.n) };
  };

  beforeAll(async () => {
    alliance = await startFederatedAlliance();
    ({ gw } = alliance);
  }, 180_000);
  afterAll(async () => alliance?.stop());

  it("an answer without end is cut off at what the batch can need; a silent one at the timeout; a redirect is not followed", async () => {
    const { root } = await alliance.attest([{ home: 2, ref: "HEB-H-001" }]);
    const endless = express();
    endless.get("/federation/batches/:root/manifest", (_req, res) => {
      res.type("application/json").write('{"attestations":["');
      const more = () => {
        if (res.destroyed) return;
        res.write("x".repeat(64 * 1024), () => setImmediate(more));
      };
      more();
    });
    let restore = await alliance.impersonateA(endless);
    const cut = await outcome(root);
    expect(cut.batch).toMatchObject({
      status: "pending",
      error: expect.stringMatching(/sent more than the \d+ bytes/),
    });
    expect([cut.row.status, cut.stored]).toEqual(["pending", 0]);
    await restore();

    const silent = express();
    silent.get("/federation/batches/:root/manifest", (_req, res) => {
      res.type("application/json").write("{"); // and nothing more, ever
    });
    restore = await alliance.impersonateA(silent);
    const waited = await outcome(root, { requestTimeoutMs: 1_500 });
    expect(waited.batch).toMatchObject({ status: "pending", error: expect.stringMatching(/timeout|aborted/i) });
    await restore();

    // The directory names the gateway; a redirect to anywhere else (an intranet address) is not taken.
    const redirecting = express();
    redirecting.get("/federation/batches/:root/manifest", (req, res) => {
      res.redirect(302, `${gw.A.url}${req.originalUrl}`);
    });
    restore = await alliance.impersonateA(redirecting);
    const redirected = await outcome(root);
    expect(redirected.batch).toMatchObject({
      status: "pending",
      error: expect.stringMatching(/fetch failed|redirect/i),
    });
    await restore();

    // The honest gateway back: the batch arrives, once.
    const delivered = await outcome(root);
    expect([delivered.batch.status, delivered.stored]).toEqual(["delivered", 1]);
  });

  it("a directory entry pointing at a cloud's metadata service or at the home gateway's own machine is not followed", async () => {
    const { root } = await alliance.attest([{ home: 2, ref: "HEB-H-005" }]);
    const keys = (await transportKeys(gw.A.db, 1, PASSPHRASE, { rotate: true }))!;
    await (
      await alliance.chain.members[0].memberGateways!.setGateway(
        "http://169.254.169.254/latest/meta-data",
        keys.signingPublic,
        keys.encryptionPublic,
      )
    ).wait();
    const metadata = await outcome(root);
    expect(metadata.batch).toMatchObject({
      status: "pending",
      error: expect.stringMatching(/leads to 169\.254\.169\.254, a link-local/),
    });
    await alliance.publish(gw.A);
    // A's real gateway is on 127.0.0.1: a gateway not itself on loopback refuses to go there.
    const loopback = await outcome(root, { allowLoopback: false });
    expect(loopback.batch).toMatchObject({ status: "pending", error: expect.stringMatching(/own loopback/) });
    expect((await outcome(root)).batch.status).toBe("delivered");
  });

  it("a manifest naming the home school as text hashes alike but is refused, so nothing can pass as withheld-free", async () => {
    const { root } = await alliance.attest([
      { home: 2, ref: "HEB-H-010" },
      { home: 2, ref: "HEB-H-011" },
    ]);
    const textual = express();
    textual.get("/federation/batches/:root/manifest", async (req, res) => {
      const honest = (await (await forward(req)).json()) as { attestations: Array<Record<string, unknown>> };
      res.json({ attestations: honest.attestations.map((a) => ({ ...a, homeId: String(a.homeId) })) });
    });
    const restore = await alliance.impersonateA(textual);
    const result = await outcome(root);
    expect(result.batch).toMatchObject({
      status: "mismatch",
      problems: [expect.stringMatching(/does not rebuild the root and count on chain/)],
    });
    expect(result.stored).toBe(0);
    await restore();
  });

  it("records that hide their student are refused; a later bad manifest does not undo the checked one", async () => {
    const { root } = await alliance.attest([0, 1, 2].map((i) => ({ home: 2, ref: `HEB-H-02${i}` })));
    let manifestFor = (req: express.Request) => forward(req).then((r) => r.json());
    const hiding = express();
    hiding.get("/federation/batches/:root/manifest", async (req, res) => {
      res.json(await manifestFor(req));
    });
    hiding.get("/federation/batches/:root/records/:home", async (req, res) => {
      const { sealed, tree } = await loader(gw.A.db, req.params.root);
      const files = [0, 1, 2].map((index) =>
        issueCredentialFile({
          tree,
          sealed,
          chainId: 31337,
          creditLedger: alliance.chain.reader.addresses.creditLedger,
          index,
        }),
      );
      files[2] = hideFields(files[2], ["learner"]);
      const entry = await alliance.chain.reader.memberGateways!.currentGateway(2);
      res.json({ jwe: await sealForMember(files, entry.encryptionKey) });
    });
    const restore = await alliance.impersonateA(hiding);
    const first = await outcome(root);
    expect(first.batch).toMatchObject({
      status: "mismatch",
      problems: [expect.stringMatching(/record 2: its student reference is withheld/)],
    });
    expect(first.stored).toBe(2);
    // The same finding as data, for the console to word in the registrar's language.
    const listed = (
      await request(gw.B.app).get("/federation/inbound?status=mismatch").set(alliance.as(gw.B)).expect(200)
    ).body.items as Array<{ root: string; findings: unknown[] }>;
    expect(listed.find((b) => b.root === root)?.findings).toEqual([{ kind: "hiddenStudent", index: 2 }]);

    // The retry is served an empty manifest: the batch stays a mismatch, and the records already
    // received keep the checked manifest they are recognised with.
    manifestFor = async () => ({ attestations: [] });
    const second = await outcome(root);
    expect(second.batch.status).toBe("mismatch");
    await restore();
    const received = (await alliance.inbox(gw.B)).find((r) => r.studentRef === "HEB-H-020")!;
    const decided = await request(gw.B.app)
      .post("/recognitions")
      .set(alliance.as(gw.B))
      .send({ decisions: [{ attestationId: received.id, decision: "accept" }] })
      .expect(200);
    expect(decided.body.transactionHash).toMatch(/^0x/);
  });

  it("takes one signature per request, from a clock a little ahead too", async () => {
    const [batch] = await gw.B.db.query<{ root: string }>("t", "SELECT root FROM inbound_batches LIMIT 1");
    const url = `${gw.A.url}/federation/batches/${batch.root}/manifest`;
    const bKeys = (await transportKeys(gw.B.db, 2, PASSPHRASE))!;
    const cKeys = (await transportKeys(gw.C.db, 3, PASSPHRASE))!;
    // B's clock 10 s ahead of A's.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10_000 });
    const ahead = await signRequest(bKeys, "GET", url);
    vi.useRealTimers();
    expect((await fetch(url, { headers: ahead })).status).toBe(200);

    // C puts a captured signature of B's beside its own: not asked to choose, refused.
    const asB = await signRequest(bKeys, "GET", url);
    const asC = await signRequest(cKeys, "GET", url);
    const field = (h: Record<string, string>, name: string) =>
      Object.entries(h).find(([k]) => k.toLowerCase() === name)![1];
    const relabel = (value: string) => value.replace(/^sig\d*=/, "other=");
    const both = {
      "signature-input": `${field(asB, "signature-input")}, ${relabel(field(asC, "signature-input"))}`,
      signature: `${field(asB, "signature")}, ${relabel(field(asC, "signature"))}`,
    };
    expect((await fetch(url, { headers: both })).status).toBe(403);
    expect((await fetch(url, { headers: asC })).status).toBe(200);
  });

  it("keys someone published first are replaced at once; a member that left the alliance reads nothing more", async () => {
    // C publishes the keys B's gateway made but has not published yet (read from a pending transaction, say).
    const fresh = (await transportKeys(gw.B.db, 2, PASSPHRASE, { rotate: true }))!;
    await (
      await alliance.chain.members[2].memberGateways!.setGateway(gw.C.url, fresh.signingPublic, fresh.encryptionPublic)
    ).wait();
    expect(await alliance.publish(gw.B)).toEqual({ published: [2], failed: [] });
    const entry = await alliance.chain.reader.memberGateways!.currentGateway(2);
    expect([entry.url, entry.signingKey === fresh.signingPublic]).toEqual([gw.B.url, false]);
    expect(await alliance.publish(gw.C)).toEqual({ published: [3], failed: [] });

    const [batch] = await gw.B.db.query<{ root: string }>("t", "SELECT root FROM inbound_batches LIMIT 1");
    const url = `${gw.A.url}/federation/batches/${batch.root}/manifest`;
    const cKeys = (await transportKeys(gw.C.db, 3, PASSPHRASE))!;
    expect((await fetch(url, { headers: await signRequest(cKeys, "GET", url) })).status).toBe(200);
    await proposeDecision(alliance.chain.secretariat, { action: ProposalAction.Withdraw, memberId: 3 });
    expect((await fetch(url, { headers: await signRequest(cKeys, "GET", url) })).status).toBe(403);
  });
});
