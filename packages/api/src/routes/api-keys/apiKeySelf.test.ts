import { JsonRpcProvider } from "ethers";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAllianceClient } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { createApiKey } from "../../auth/apiKeys.js";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { indexChain } from "../../indexer/indexChain.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";

let chain: LocalAlliance;
beforeAll(async () => {
  chain = await startLocalAlliance(3);
}, 120_000);
afterAll(async () => chain?.stop());

describe.each(bothDatabases("gateway_api_key_self_test"))("GET /api-keys/self on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  const keys: Record<string, { id: string; key: string }> = {};
  const as = (who: string) => ({ authorization: `Bearer ${keys[who].key}` });

  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    app = createServer({ db, provider: chain.provider, reader: chain.reader, logger: pino({ level: "silent" }) });
    keys.registrar = await createApiKey(db, { label: "Member 2 registrar", role: "member", memberId: 2 });
    keys.other = await createApiKey(db, { label: "Member 3 registrar", role: "member", memberId: 3 });
    keys.stray = await createApiKey(db, { label: "no such member", role: "member", memberId: 99 });
    keys.secretariat = await createApiKey(db, { label: "secretariat", role: "secretariat" });
    keys.auditor = await createApiKey(db, { label: "auditor", role: "auditor" });
    keys.revoked = await createApiKey(db, { label: "old", role: "member", memberId: 2 });
    await request(app).delete(`/api-keys/${keys.revoked.id}`).set(as("secretariat")).expect(204);
  });
  afterAll(async () => (drop ? drop() : db?.close()));

  it("tells a member key who it is, with the member's name, before and after the index knows the member", async () => {
    const expected = {
      id: keys.registrar.id,
      label: "Member 2 registrar",
      role: "member",
      memberId: 2,
      memberName: "Member 2",
    };
    // The index is empty: the name comes from the registry on chain.
    expect((await request(app).get("/api-keys/self").set(as("registrar")).expect(200)).body).toEqual(expected);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    await db.query("t", "UPDATE indexed_members SET name = $1 WHERE member_id = 2", ["天津大学"]);
    expect((await request(app).get("/api-keys/self").set(as("registrar")).expect(200)).body).toEqual({
      ...expected,
      memberName: "天津大学",
    });
  });

  it("gives other roles no member, and a key bound to no registered member no name", async () => {
    for (const [who, role] of [
      ["secretariat", "secretariat"],
      ["auditor", "auditor"],
    ])
      expect((await request(app).get("/api-keys/self").set(as(who)).expect(200)).body).toEqual({
        id: keys[who].id,
        label: who,
        role,
        memberId: null,
        memberName: null,
      });
    expect((await request(app).get("/api-keys/self").set(as("stray")).expect(200)).body).toMatchObject({
      memberId: 99,
      memberName: null,
    });
  });

  it("answers only for the calling key: no key, a revoked or made-up one is 401; nothing selects another key", async () => {
    expect((await request(app).get("/api-keys/self").expect(401)).body.error.code).toBe("unauthenticated");
    expect((await request(app).get("/api-keys/self").set(as("revoked")).expect(401)).body.error.code).toBe(
      "invalid_api_key",
    );
    const forged = `al_${keys.secretariat.id}_${"A".repeat(32)}`;
    expect(
      (await request(app).get("/api-keys/self").set("authorization", `Bearer ${forged}`).expect(401)).body.error.code,
    ).toBe("invalid_api_key");
    // A member asking about the secretariat's key by id, in the query or the path, still learns only itself.
    const asked = await request(app).get(`/api-keys/self?id=${keys.secretariat.id}`).set(as("other")).expect(200);
    expect(asked.body).toMatchObject({ id: keys.other.id, role: "member", memberId: 3 });
    expect(JSON.stringify(asked.body)).not.toContain(keys.other.key);
    await request(app).get(`/api-keys/${keys.secretariat.id}`).set(as("other")).expect(404);
  });

  it("answers 200 without a name when the index lacks the member and the node is down", async () => {
    const dead = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: true });
    const offline = createServer({
      db,
      provider: dead,
      reader: createAllianceClient({ runner: dead, addresses: chain.reader.addresses }),
      logger: pino({ level: "silent" }),
    });
    await db.query("t", "DELETE FROM indexed_members WHERE member_id = 3");
    expect((await request(offline).get("/api-keys/self").set(as("other")).expect(200)).body).toEqual({
      id: keys.other.id,
      label: "Member 3 registrar",
      role: "member",
      memberId: 3,
      memberName: null,
    });
    dead.destroy();
  });

  it("is in /openapi.json with a named answer", async () => {
    const doc = (await request(app).get("/openapi.json").expect(200)).body;
    expect(doc.paths["/api-keys/self"].get.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ApiKeySelf",
    });
    expect(doc.components.schemas.ApiKeySelf.required).toEqual(["id", "label", "role", "memberId", "memberName"]);
  });
});
