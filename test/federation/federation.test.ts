import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import express from "express";
import { id } from "ethers";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AllianceClient, issueCredentialFile } from "@alliance-ledger/sdk";
import { type LocalAlliance, openDecidedPeriod, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { anchorPendingBatches, createApiKey, createServer, indexChain, type Database } from "@alliance-ledger/api";
import { createSqliteDatabase } from "../../packages/api/src/db/sqliteDatabase.js";
import { migrate } from "../../packages/api/src/db/migrate.js";
import { openEnvelope, sealForMember } from "../../packages/api/src/federation/recordEnvelope.js";
import { pullInboundBatches } from "../../packages/api/src/federation/pullInboundBatches.js";
import { publishGateways } from "../../packages/api/src/federation/startFederation.js";
import { signRequest } from "../../packages/api/src/federation/signedRequests.js";
import { transportKeys } from "../../packages/api/src/federation/transportKeys.js";
import { createBatchLoader } from "../../packages/api/src/outbox/loadBatch.js";
import { freshPostgres } from "../../packages/api/src/testing/freshPostgres.js";

const PASSPHRASE = "federation-test-passphrase";
const CLI = fileURLToPath(new URL("../../packages/cli/bin/alliance.mjs", import.meta.url));
const run = promisify(execFile);

/** One member school's own gateway: its database, its custodial key only, listening on its own port. */
interface MemberGateway {
  memberId: number;
  db: Database;
  signers: Map<number, AllianceClient>;
  app: ReturnType<typeof createServer>;
  server: Server;
  url: string;
  key: string;
  drop: () => Promise<void>;
}

describe("one gateway per member: records flow between gateways", () => {
  let chain: LocalAlliance;
  const gw: Record<"A" | "B" | "C", MemberGateway> = {} as never;
  let seq = 0;
  const as = (g: MemberGateway) => ({ authorization: `Bearer ${g.key}`, "idempotency-key": `fed-${++seq}` });

  const listen = async (app: express.Express | ReturnType<typeof createServer>, port = 0) => {
    const server = app.listen(port, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    return { server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}` };
  };
  const startMember = async (
    name: "A" | "B" | "C",
    memberId: number,
    made: { db: Database; drop: () => Promise<void> },
  ) => {
    await migrate(made.db);
    // A's gateway also holds the secretariat's key (it opens the period); B's and C's hold only their school's.
    const signers = new Map<number, AllianceClient>([
      ...(name === "A" ? ([[0, chain.secretariat]] as Array<[number, AllianceClient]>) : []),
      [memberId, chain.members[memberId - 1]],
    ]);
    const app = createServer({
      db: made.db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
      keyPassphrase: PASSPHRASE,
    });
    const { server, url } = await listen(app);
    const key = (await createApiKey(made.db, { label: name, role: "member", memberId })).key;
    gw[name] = { memberId, ...made, signers, app, server, url, key };
    await publishGateways({ db: made.db, reader: chain.reader, signers, publicUrl: url, passphrase: PASSPHRASE });
  };
  const pull = (g: MemberGateway, options: { ignoreBackoff?: boolean } = {}) =>
    indexChain({ db: g.db, provider: chain.provider, addresses: chain.reader.addresses }).then(() =>
      pullInboundBatches({ db: g.db, reader: chain.reader, members: [g.memberId], passphrase: PASSPHRASE, ...options }),
    );
  const inbox = async (g: MemberGateway) =>
    (await request(g.app).get("/recognitions/inbox?limit=100").set(as(g)).expect(200)).body.items as Array<{
      id: string;
      issuerId: number;
      studentRef: string;
    }>;
  const attest = async (students: Array<{ home: number; ref: string; grade?: string }>) => {
    const { ids } = (
      await request(gw.A.app)
        .post("/attestations")
        .set(as(gw.A))
        .send({
          records: students.map((s) => ({
            homeId: s.home,
            courseId: 1,
            term: 20262,
            credits: "2",
            studentRef: s.ref,
            grade: s.grade ?? "A",
            completionDate: "2026-12-20",
          })),
        })
        .expect(202)
    ).body;
    const [batch] = (await anchorPendingBatches({ db: gw.A.db, signers: gw.A.signers })).anchored;
    return { ids: ids as string[], root: batch.root.toLowerCase() };
  };

  beforeAll(async () => {
    chain = await startLocalAlliance(3);
    const dir = await mkdtemp(join(tmpdir(), "alliance-federation-"));
    const sqliteFile = (name: string) => {
      const db = createSqliteDatabase(join(dir, `${name}.sqlite`));
      return { db, drop: () => db.close() };
    };
    await startMember("A", 1, sqliteFile("a"));
    await startMember("B", 2, await freshPostgres("gateway_federation_b"));
    await startMember("C", 3, sqliteFile("c"));
    await openDecidedPeriod(chain.secretariat, {
      currency: "CNY",
      shares: [
        { memberId: 1, shareBps: 4000 },
        { memberId: 2, shareBps: 3000 },
        { memberId: 3, shareBps: 3000 },
      ],
    });
    await request(gw.A.app)
      .post("/courses")
      .set(as(gw.A))
      .send({
        code: "BIT-FED",
        metadata: "Federated Systems",
        credits: 2,
        contactHours: 32,
        feePerCredit: "0",
        term: 20262,
        seats: 40,
      })
      .expect(201);
  }, 180_000);
  afterAll(async () => {
    for (const g of Object.values(gw)) {
      g.server?.close();
      await g.drop?.();
    }
    await chain?.stop();
  });

  it("1. only a member's own key publishes its gateway entry; rotation keeps the old window on chain", async () => {
    const directory = chain.reader.memberGateways!;
    for (const g of Object.values(gw)) expect((await directory.currentGateway(g.memberId)).url).toBe(g.url);
    // Publishing again with nothing changed writes nothing.
    expect(
      await publishGateways({
        db: gw.C.db,
        reader: chain.reader,
        signers: gw.C.signers,
        publicUrl: gw.C.url,
        passphrase: PASSPHRASE,
      }),
    ).toEqual([]);
    // The contract takes no member id: B's key can only ever write B's entry.
    await (await chain.members[1].memberGateways!.setGateway(gw.B.url, id("b-sign-2"), id("b-enc-2"))).wait();
    expect((await directory.currentGateway(3)).url).toBe(gw.C.url);
    // B rotates back to fresh keys of its own: both earlier windows stay on chain, closed.
    await transportKeys(gw.B.db, 2, PASSPHRASE, { rotate: true });
    expect(
      await publishGateways({
        db: gw.B.db,
        reader: chain.reader,
        signers: gw.B.signers,
        publicUrl: gw.B.url,
        passphrase: PASSPHRASE,
      }),
    ).toEqual([2]);
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
    const proxy = await listen(hostile);
    const aKeys = (await transportKeys(gw.A.db, 1, PASSPHRASE, { rotate: true }))!;
    await (
      await chain.members[0].memberGateways!.setGateway(proxy.url, aKeys.signingPublic, aKeys.encryptionPublic)
    ).wait();
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
    proxy.server.close();
    await publishGateways({
      db: gw.A.db,
      reader: chain.reader,
      signers: gw.A.signers,
      publicUrl: gw.A.url,
      passphrase: PASSPHRASE,
    });
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
