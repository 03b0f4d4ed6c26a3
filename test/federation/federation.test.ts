import { execFile } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import express from "express";
import { id } from "ethers";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentialFile } from "@alliance-ledger/sdk";
import { createApiKey, indexChain } from "@alliance-ledger/api";
import { openEnvelope, sealForMember } from "../../packages/api/src/federation/recordEnvelope.js";
import { signRequest } from "../../packages/api/src/federation/signedRequests.js";
import { transportKeys } from "../../packages/api/src/federation/transportKeys.js";
import { createBatchLoader } from "../../packages/api/src/outbox/loadBatch.js";
import { type FederatedAlliance, listen, PASSPHRASE, startFederatedAlliance } from "./helpers/federatedAlliance.js";

const CLI = fileURLToPath(new URL("../../packages/cli/bin/alliance.mjs", import.meta.url));
const run = promisify(execFile);

describe("one gateway per member: records flow between gateways", () => {
  let alliance: FederatedAlliance;
  let chain: FederatedAlliance["chain"];
  let gw: FederatedAlliance["gw"];
  let as: FederatedAlliance["as"];
  let pull: FederatedAlliance["pull"];
  let inbox: FederatedAlliance["inbox"];
  let attest: FederatedAlliance["attest"];

  beforeAll(async () => {
    alliance = await startFederatedAlliance();
    ({ chain, gw, as, pull, inbox, attest } = alliance);
  }, 180_000);
  afterAll(async () => alliance?.stop());

  it("1. only a member's own key publishes its gateway entry; rotation keeps the old window on chain", async () => {
    const directory = chain.reader.memberGateways!;
    for (const g of Object.values(gw)) expect((await directory.currentGateway(g.memberId)).url).toBe(g.url);
    // Publishing again with nothing changed writes nothing.
    expect(await alliance.publish(gw.C)).toEqual({ published: [], failed: [] });
    // The contract takes no member id: B's key can only ever write B's entry.
    await (await chain.members[1].memberGateways!.setGateway(gw.B.url, id("b-sign-2"), id("b-enc-2"))).wait();
    expect((await directory.currentGateway(3)).url).toBe(gw.C.url);
    // B rotates back to fresh keys of its own: both earlier windows stay on chain, closed.
    await transportKeys(gw.B.db, 2, PASSPHRASE, { rotate: true });
    expect(await alliance.publish(gw.B)).toEqual({ published: [2], failed: [] });
    const entries = await directory.gatewayEntries(2);
    expect(entries).toHaveLength(3);
    expect(entries.slice(0, 2).every((e) => e.validUntilBlock > 0n)).toBe(true);
    expect(entries[2].validUntilBlock).toBe(0n);
  });

  it("2. A attests for B's students: B's inbox lists them, B recognises on chain, no personal data reaches the chain", async () => {
    const { root } = await attest([
      { home: 2, ref: "HEB-2026-001" },
      { home: 2, ref: "HEB-2026-002" },
      { home: 3, ref: "CQ-2026-001" },
    ]);
    const report = await pull(gw.B);
    expect(report.batches).toEqual([expect.objectContaining({ root, issuerId: 1, status: "delivered" })]);
    expect(report.received).toBe(2);
    const listed = await inbox(gw.B);
    expect(listed.map((r) => r.studentRef).sort()).toEqual(["HEB-2026-001", "HEB-2026-002"]);
    // C's gateway receives only C's record.
    expect((await pull(gw.C)).received).toBe(1);
    expect((await inbox(gw.C)).map((r) => r.studentRef)).toEqual(["CQ-2026-001"]);

    const decided = await request(gw.B.app)
      .post("/recognitions")
      .set(as(gw.B))
      .send({ decisions: [{ attestationId: listed[0].id, decision: "accept" }] })
      .expect(200);
    await indexChain({ db: gw.B.db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await inbox(gw.B)).map((r) => r.id)).toEqual([listed[1].id]);
    // Every transaction so far: no student reference in any calldata.
    const latest = await chain.provider.getBlockNumber();
    for (let n = 0; n <= latest; n++) {
      const block = await chain.provider.getBlock(n, true);
      for (const tx of block!.prefetchedTransactions)
        for (const ref of ["HEB-2026-001", "HEB-2026-002", "CQ-2026-001"])
          expect(tx.data.includes(Buffer.from(ref).toString("hex"))).toBe(false);
    }
    expect(decided.body.transactionHash).toMatch(/^0x/);
  });

  it("3. C asking for B's records is refused; B's payload opens only with B's key", async () => {
    const [batch] = await gw.B.db.query<{ root: string }>("t", "SELECT root FROM inbound_batches LIMIT 1");
    const url = `${gw.A.url}/federation/batches/${batch.root}/records/2`;
    const cKeys = (await transportKeys(gw.C.db, 3, PASSPHRASE))!;
    const bKeys = (await transportKeys(gw.B.db, 2, PASSPHRASE))!;
    const asC = await fetch(url, { headers: await signRequest(cKeys, "GET", url) });
    expect(asC.status).toBe(403);
    expect(((await asC.json()) as { error: { code: string } }).error.code).toBe("forbidden_member");
    expect((await fetch(url)).status).toBe(403); // unsigned
    const asB = await fetch(url, { headers: await signRequest(bKeys, "GET", url) });
    expect(asB.status).toBe(200);
    const { jwe } = (await asB.json()) as { jwe: string };
    await expect(openEnvelope(jwe, cKeys.encryptionKey)).rejects.toThrow();
    expect(await openEnvelope(jwe, bKeys.encryptionKey)).toHaveLength(2);
  });

  it("4. a record with an altered grade or salt is refused; a withheld record is reported as a mismatch by name", async () => {
    // A's books altered after anchoring: its own manifest no longer rebuilds the root on chain.
    const tampered = await attest([
      { home: 2, ref: "HEB-2026-010" },
      { home: 2, ref: "HEB-2026-011" },
    ]);
    await gw.A.db.query("t", "UPDATE outbox_attestations SET grade = 'A+' WHERE id = $1", [tampered.ids[0]]);
    const broken = (await pull(gw.B)).batches.find((b) => b.root === tampered.root)!;
    expect(broken.status).toBe("mismatch");
    expect(broken.problems).toEqual([
      `batch ${tampered.root} of member 1: the manifest (2 records) does not rebuild the root and count on chain`,
    ]);
    expect((await inbox(gw.B)).map((r) => r.studentRef)).not.toContain("HEB-2026-011");
    await gw.A.db.query("t", "UPDATE outbox_attestations SET grade = 'A' WHERE id = $1", [tampered.ids[0]]);

    // A hostile issuer gateway: an honest manifest, but record 0's grade and record 1's salt altered in
    // what it sends, and record 3 withheld.
    const batch = await attest([0, 1, 2, 3].map((i) => ({ home: 2, ref: `HEB-2026-02${i}` })));
    const loader = createBatchLoader();
    const hostile = express();
    hostile.get("/federation/batches/:root/manifest", async (req, res) => {
      const upstream = await fetch(`${gw.A.url}${req.originalUrl}`, { headers: req.headers as Record<string, string> });
      res.status(upstream.status).json(await upstream.json());
    });
    hostile.get("/federation/batches/:root/records/:home", async (req, res) => {
      const { sealed, tree } = await loader(gw.A.db, req.params.root);
      const files = [0, 1, 2].map((index) =>
        issueCredentialFile({ tree, sealed, chainId: 31337, creditLedger: chain.reader.addresses.creditLedger, index }),
      );
      files[0].disclosures.grade!.value = "A+";
      files[1].disclosures.grade!.salt = id("forged salt");
      const entry = await chain.reader.memberGateways!.currentGateway(2);
      res.json({ jwe: await sealForMember(files, entry.encryptionKey) });
    });
    const restoreA = await alliance.impersonateA(hostile);
    const outcome = (await pull(gw.B)).batches.find((b) => b.root === batch.root)!;
    expect(outcome.status).toBe("mismatch");
    expect(outcome.problems).toEqual([
      expect.stringMatching(/record 0: refused \(disclosures: disclosed grade do not match/),
      expect.stringMatching(/record 1: refused \(disclosures: disclosed grade do not match/),
      expect.stringMatching(/record 3: tagged for member 2 in the manifest but not sent \(withheld\)/),
    ]);
    const listed = (await inbox(gw.B)).map((r) => r.studentRef);
    expect(listed).toContain("HEB-2026-022");
    for (const refused of ["HEB-2026-020", "HEB-2026-021", "HEB-2026-023"]) expect(listed).not.toContain(refused);
    // The audit of B's books names the batch and the records it lacks.
    const audit = (await request(gw.B.app).get("/federation/inbound").set(as(gw.B)).expect(200)).body;
    expect(audit.items.find((b: { root: string }) => b.root === batch.root)).toMatchObject({
      status: "mismatch",
      problems: expect.arrayContaining([expect.stringMatching(/record 3/)]),
    });
    // The home school's registrar reads the same from the command line.
    const { stdout } = await run(
      process.execPath,
      [CLI, "--json", "recognise", "received", "--status", "mismatch", "--gateway", gw.B.url],
      { env: { ...process.env, ALLIANCE_API_KEY: gw.B.key } },
    );
    expect(JSON.parse(stdout).items.map((b: { root: string }) => b.root)).toContain(batch.root);
    const auditor = (await createApiKey(gw.B.db, { label: "auditor", role: "auditor" })).key;
    const audited = (
      await request(gw.B.app)
        .get("/audit/report")
        .set({ authorization: `Bearer ${auditor}` })
        .expect(200)
    ).body;
    expect(audited.passed).toBe(false);
    expect(audited.discrepancies).toContainEqual(
      expect.objectContaining({
        code: "INBOUND_RECORD_MISSING",
        recordId: batch.root,
        message: expect.stringMatching(/record 3/),
      }),
    );
    await restoreA();
  });

  it("5. with the issuer's gateway down after anchoring, B shows the batch pending; after restart every record arrives once", async () => {
    const { root } = await attest([
      { home: 2, ref: "HEB-2026-030" },
      { home: 2, ref: "HEB-2026-031" },
    ]);
    const port = Number(new URL(gw.A.url).port);
    gw.A.server.close();
    await once(gw.A.server, "close");
    const down = (await pull(gw.B)).batches.find((b) => b.root === root)!;
    expect(down.status).toBe("pending");
    const [pending] = await gw.B.db.query<{ status: string; attempts: number }>(
      "t",
      "SELECT status, attempts FROM inbound_batches WHERE root = $1",
      [root],
    );
    expect([pending.status, Number(pending.attempts)]).toEqual(["pending", 1]);
    // Backoff: an immediate second pull does not hammer the issuer.
    expect((await pull(gw.B)).batches.find((b) => b.root === root)).toBeUndefined();
    gw.A.server = (await listen(gw.A.app, port)).server;
    const up = await pull(gw.B, { ignoreBackoff: true });
    expect(up.batches.find((b) => b.root === root)?.status).toBe("delivered");
    // Pulled again (a retry, or a crash before the status was saved): nothing is stored twice.
    await gw.B.db.query("t", "UPDATE inbound_batches SET status = 'pending' WHERE root = $1", [root]);
    expect((await pull(gw.B, { ignoreBackoff: true })).received).toBe(0);
    const [count] = await gw.B.db.query<{ n: number }>(
      "t",
      "SELECT COUNT(*) AS n FROM inbound_attestations WHERE batch_root = $1",
      [root],
    );
    expect(Number(count.n)).toBe(2);
  });

  it("7. a record revoked after delivery leaves B's inbox, and recognising it is refused by name", async () => {
    const { ids } = await attest([{ home: 2, ref: "HEB-2026-040" }]);
    await pull(gw.B);
    const received = (await inbox(gw.B)).find((r) => r.studentRef === "HEB-2026-040")!;
    expect(received).toBeDefined();
    await request(gw.A.app).post(`/attestations/${ids[0]}/revoke`).set(as(gw.A)).send({ reasonCode: 2 }).expect(200);
    await indexChain({ db: gw.B.db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await inbox(gw.B)).map((r) => r.studentRef)).not.toContain("HEB-2026-040");
    const refused = await request(gw.B.app)
      .post("/recognitions")
      .set(as(gw.B))
      .send({ decisions: [{ attestationId: received.id, decision: "accept" }] })
      .expect(409);
    expect(refused.body.error.code).toBe("credit_ledger_revoked");
  });
});
