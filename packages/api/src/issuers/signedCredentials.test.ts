import { createServer as createHttpServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import {
  checkIssuerKeysOnChain,
  createDocumentLoader,
  type DidDocument,
  didWebUrl,
  issuerKeyFingerprint,
  publishCourse,
} from "@alliance-ledger/sdk";
import { type LocalAlliance, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { verifyCredential } from "@digitalbazaar/vc";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../auth/apiKeys.js";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { indexChain } from "../indexer/indexChain.js";
import { anchorPendingBatches } from "../outbox/anchorPendingBatches.js";
import { createServer } from "../server.js";
import { bothDatabases } from "../testing/bothDatabases.js";

/**
 * Credentials that travel: an exported Open Badges 3.0 credential checked the way a verifier outside
 * the alliance would, with Digital Bazaar's `verifyCredential` (not our SDK's checks), the issuer's
 * did:web document fetched from a running gateway, and the status list it serves from the chain.
 */
const require = createRequire(import.meta.url);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateAchievementCredential = ajv.compile(
  require("@alliance-ledger/sdk/schemas/vendor/ob_v3p0_achievementcredential.schema.json"),
);

const COURSE_TEXT = "嵌入式系统设计\n48 学时";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  await publishCourse(chain.members[0], {
    code: "EMB1",
    terms: { metadata: COURSE_TEXT, credits: 300, contactHours: 48, feePerCredit: 100n, term: 20261, seats: 20 },
  });
}, 120_000);
afterAll(async () => chain?.stop());

/** What a verifier anywhere has: the published contexts, HTTP for did:web documents and status lists. */
const outsideLoader = createDocumentLoader({
  resolveDid: async (did) => (await (await fetch(didWebUrl(did, { http: true }))).json()) as DidDocument,
  fetchDocument: async (url) => (await (await fetch(url)).json()) as object,
});

async function verifyAsOutsider(credential: object) {
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader: outsideLoader,
    checkStatus,
  });
  const status = result.statusResult as { results?: Array<{ status: boolean }> } | undefined;
  return { verified: result.verified, revokedBit: status?.results?.[0]?.status };
}

describe.each(bothDatabases("gateway_signed_credentials_test"))("signed credentials on %s", (dbName, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let server: Server;
  let base: string;
  let app: ReturnType<typeof createServer>;
  const keys: Record<string, string> = {};
  let seq = 0;
  const as = (who: string) => ({ authorization: `Bearer ${keys[who]}`, "idempotency-key": `s-${++seq}-${who}` });
  let ids: string[];

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    // A gateway listening on a real port, so the DIDs it names resolve over HTTP.
    server = createHttpServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const signers = new Map([
      [0, chain.secretariat],
      [1, chain.members[0]],
      [2, chain.members[1]],
    ]);
    app = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      signers,
      logger: pino({ level: "silent" }),
      keyPassphrase: `signed-credentials-${dbName}`,
      publicUrl: base,
      rateLimitPerMinute: 100_000,
    });
    server.on("request", app);
    keys.issuer = (await createApiKey(db, { label: "issuer", role: "member", memberId: 1 })).key;
    keys.home = (await createApiKey(db, { label: "home", role: "member", memberId: 2 })).key;
    await request(app).put("/courses/1/versions/1/text").set(as("issuer")).send({ text: COURSE_TEXT }).expect(200);
    const record = (ref: string) => ({
      homeId: 2,
      courseId: 1,
      term: 20261,
      credits: 2.5,
      studentRef: ref,
      grade: "优秀",
      completionDate: "2026-07-01",
    });
    ({ ids } = (
      await request(app)
        .post("/attestations")
        .set(as("issuer"))
        .send({ records: [record(`${dbName}-1`), record(`${dbName}-2`)] })
        .expect(202)
    ).body);
    await anchorPendingBatches({ db, signers });
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await drop();
  });

  const exportBadge = async (id: string, who = "issuer") =>
    (await request(app).get(`/attestations/${id}/openbadge`).set(as(who)).expect(200)).body;

  it("exports a signed Open Badges 3.0 credential a standard verifier accepts, until the issuer revokes it", async () => {
    const badge = await exportBadge(ids[0]);
    expect(validateAchievementCredential(badge), JSON.stringify(validateAchievementCredential.errors)).toBe(true);
    const did = `did:web:${new URL(base).host.replace(":", "%3A")}:members:1`;
    expect(badge.issuer.id).toBe(did);
    expect(badge.proof[0]).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      verificationMethod: `${did}#key-1`,
    });
    expect(badge.credentialSubject.achievement).toMatchObject({ name: "嵌入式系统设计", creditsAvailable: 3 });
    expect(badge.credentialSubject.identifier[0]).toMatchObject({ type: "IdentityObject", hashed: true });
    expect(JSON.stringify(badge)).not.toContain(`${dbName}-1`); // the student reference stays home
    expect(badge.credentialStatus).toMatchObject({
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListCredential: `${base}/members/1/status/0`,
    });
    expect(await verifyAsOutsider(badge)).toEqual({ verified: true, revokedBit: false });
    // The gateway's own public check of a badge agrees, check by check.
    const outcomes = async (b: object) =>
      Object.fromEntries(
        (
          (await request(app).post("/credentials/verify-badge").send(b).expect(200)).body.checks as Array<{
            name: string;
            outcome: string;
          }>
        ).map((c) => [c.name, c.outcome]),
      );
    expect(await outcomes(badge)).toEqual({
      issuer: "pass",
      schema: "pass",
      signature: "pass",
      keyOnChain: "pass",
      status: "pass",
    });

    // One changed byte fails the proof.
    const tampered = structuredClone(badge);
    tampered.credentialSubject.creditsEarned = 3;
    expect((await verifyAsOutsider(tampered)).verified).toBe(false);
    expect((await outcomes(tampered)).signature).toBe("fail");
    // A second proof is refused: a decoy naming the school's published key could otherwise stand beside a
    // signature by a key that was never published on chain, and the proof set would pass on the real one.
    const decoy = { ...badge.proof[0], proofValue: `z${"1".repeat(86)}` };
    const twoProofs = (
      await request(app)
        .post("/credentials/verify-badge")
        .send({ ...badge, proof: [decoy, badge.proof[0]] })
        .expect(200)
    ).body;
    expect(twoProofs.valid).toBe(false);
    expect(twoProofs.checks).toContainEqual({
      name: "signature",
      outcome: "fail",
      detail: "exactly one proof is accepted; this credential carries 2",
    });
    const foreign = {
      ...structuredClone(badge),
      issuer: { ...badge.issuer, id: "did:web:elsewhere.example:members:1" },
    };
    expect((await outcomes(foreign)).issuer).toBe("fail");
    expect((await request(app).post("/credentials/verify-badge").send({ hello: 1 }).expect(400)).body.error.code).toBe(
      "not_an_open_badge",
    );

    // Revoked on chain: once the index has seen it, the issuer's signed list has the bit set.
    await request(app).post(`/attestations/${ids[0]}/revoke`).set(as("issuer")).send({ reasonCode: 3 }).expect(200);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await verifyAsOutsider(badge)).revokedBit).toBe(true);
    const afterRevocation = (await request(app).post("/credentials/verify-badge").send(badge).expect(200)).body;
    expect([afterRevocation.valid, afterRevocation.revoked]).toEqual([false, true]);
    // A student who gave a DID is the subject, bound by the issuing school only; a malformed one is refused.
    const held = (
      await request(app)
        .get(`/attestations/${ids[1]}/openbadge?holder=did:key:z6MkStudentKey`)
        .set(as("issuer"))
        .expect(200)
    ).body;
    expect(held.credentialSubject.id).toBe("did:key:z6MkStudentKey");
    expect(held.credentialSubject.identifier).toBeUndefined();
    expect((await verifyAsOutsider(held)).verified).toBe(true);
    const bound = await request(app)
      .get(`/attestations/${ids[1]}/openbadge?holder=did:key:z6MkHomeSchoolsOwnKey`)
      .set(as("home"))
      .expect(403);
    expect(bound.body.error.code).toBe("forbidden_member");
    await request(app).get(`/attestations/${ids[1]}/openbadge?holder=mailto:x@y`).set(as("issuer")).expect(400);
    // The other record of the batch is untouched.
    expect(await verifyAsOutsider(await exportBadge(ids[1], "home"))).toEqual({ verified: true, revokedBit: false });
  });

  it("serves each school's DID document with every key it signed with, fingerprinted; only the school rotates", async () => {
    const before = (await request(app).get("/members/1/issuer-keys").set(as("home")).expect(200)).body;
    expect(before.items).toHaveLength(1);
    const document = (await request(app).get("/members/1/did.json").expect(200)).body;
    expect(document.verificationMethod[0].publicKeyMultibase).toBe(before.items[0].publicKeyMultibase);
    expect(before.items[0].fingerprint).toBe(issuerKeyFingerprint(before.items[0].publicKeyMultibase));
    const old = await exportBadge(ids[1]);
    // The document agrees with the ledger: the school published its key's fingerprint on chain.
    expect(await checkIssuerKeysOnChain(chain.reader, 1, document)).toEqual([
      {
        id: document.verificationMethod[0].id,
        fingerprint: before.items[0].fingerprint,
        onChain: true,
        publishedAtBlock: expect.any(Number),
      },
    ]);

    // Another school cannot rotate this school's key.
    expect((await request(app).post("/members/1/issuer-keys").set(as("home")).expect(403)).body.error.code).toMatch(
      /forbidden/,
    );
    const rotated = (await request(app).post("/members/1/issuer-keys").set(as("issuer")).expect(201)).body;
    expect(rotated).toMatchObject({ id: expect.stringMatching(/#key-2$/), current: true });
    const fresh = await exportBadge(ids[1]);
    expect(fresh.proof[0].verificationMethod).toBe(rotated.id);
    // What the old key signed still verifies: it stays in the document.
    expect((await verifyAsOutsider(old)).verified).toBe(true);
    expect((await verifyAsOutsider(fresh)).verified).toBe(true);
    const after = (await request(app).get("/members/1/did.json").expect(200)).body;
    expect(after.verificationMethod).toHaveLength(2);
    expect((await checkIssuerKeysOnChain(chain.reader, 1, after)).map((k) => k.onChain)).toEqual([true, true]);
    // A document naming another school's published key as this school's does not check out.
    const borrowed = { ...after, verificationMethod: after.verificationMethod.slice(0, 1) };
    expect((await checkIssuerKeysOnChain(chain.reader, 2, borrowed))[0]).toMatchObject({
      onChain: false,
      publishedAtBlock: expect.any(Number),
    });
    // A school that has signed nothing has no document yet, and a public read makes no key for it.
    expect((await request(app).get("/members/3/status/0").expect(404)).body.error.code).toBe("did_not_found");
    expect((await request(app).get("/members/4000000000/status/9").expect(404)).body.error.code).toBe("did_not_found");
    expect((await request(app).get("/members/3/did.json").expect(404)).body.error.code).toBe("did_not_found");
    // Lists no credential points into are not signed for whoever asks (each would be kept in memory).
    await request(app).get("/members/1/status/0").expect(200);
    const unused = (await request(app).get("/members/1/status/7").expect(404)).body.error;
    expect([unused.code, unused.message]).toEqual([
      "status_list_not_found",
      "Member 1's credentials use status lists 0 to 0; there is no list 7.",
    ]);
  });

  it("keeps the signing keys encrypted at rest", async () => {
    const rows = await db.query<{ secret_box: string }>("t", "SELECT secret_box FROM issuer_keys");
    const exported = await exportBadge(ids[1]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(JSON.parse(r.secret_box)).toMatchObject({ kdf: "scrypt", cipher: "aes-256-gcm" });
      expect(r.secret_box).not.toMatch(/"z[1-9A-HJ-NP-Za-km-z]{40,}"/); // no bare multibase secret
    }
    expect(exported.proof).toHaveLength(1);
    // A gateway started with another passphrase cannot sign with these keys.
    const wrong = createServer({
      db,
      provider: chain.provider,
      reader: chain.reader,
      logger: pino({ level: "silent" }),
      keyPassphrase: "not-the-passphrase",
      publicUrl: base,
    });
    const refused = await request(wrong).get(`/attestations/${ids[1]}/openbadge`).set(as("issuer")).expect(409);
    expect(refused.body.error.code).toBe("issuer_keys_unavailable");
  });
});
