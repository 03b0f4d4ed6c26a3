import { type CredentialFile, ProposalAction, proposeDecision, publishCourse } from "@alliance-ledger/sdk";
import {
  acceptCredential,
  anchorCredentials,
  type LocalAlliance,
  revokeCredential,
  startLocalAlliance,
} from "@alliance-ledger/sdk/testing";
import pino from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { indexChain } from "../../indexer/indexChain.js";
import { createServer } from "../../server.js";
import { bothDatabases } from "../../testing/bothDatabases.js";

/**
 * Anyone may post a credential to verify. Explaining a revocation or a recognition used to scan the
 * chain's logs from the anchoring to the head, and an issuer's later suspension from its registration:
 * a cost that grows with the chain, paid again on every post. The gateway now takes the explanation from
 * its index and keeps the issuer's standing at anchoring (which never changes) across requests.
 */
let chain: LocalAlliance;
let files: CredentialFile[];
beforeAll(async () => {
  chain = await startLocalAlliance(3);
  const [host, home] = chain.members;
  await publishCourse(host, {
    code: "COST1",
    terms: { metadata: "x", credits: 200, contactHours: 32, feePerCredit: 0n, term: 20261, seats: 20 },
  });
  ({ files } = await anchorCredentials(host, {
    issuerId: 1,
    homeId: 2,
    courseId: 1,
    courseVersion: 1,
    term: 20261,
    credits: 200,
    students: [{ ref: "C-1" }, { ref: "C-2" }, { ref: "C-3" }],
  }));
  const [recognised, revoked] = files;
  await acceptCredential(home, recognised);
  await revokeCredential(host, revoked, 6);
  // The issuer's status changes after it anchored: its standing then has to be replayed once.
  await proposeDecision(chain.secretariat, { action: ProposalAction.Suspend, memberId: 1 });
  await proposeDecision(chain.secretariat, { action: ProposalAction.Reinstate, memberId: 1 });
}, 120_000);
afterAll(async () => chain?.stop());

describe.each(bothDatabases("gateway_verify_cost_test"))("public verification on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createServer>;
  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    app = createServer({ db, provider: chain.provider, reader: chain.reader, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => drop());

  it("explains a revocation and a recognition from its index, and reads no logs for a credential it has seen", async () => {
    let logReads = 0;
    const count = (e: { action: string; payload?: { method?: string } | Array<{ method?: string }> }) => {
      if (e.action !== "sendRpcPayload") return;
      logReads += [e.payload].flat().filter((p) => p?.method === "eth_getLogs").length;
    };
    await chain.provider.on("debug", count);
    try {
      const verifyAll = async () =>
        Promise.all(files.map(async (f) => (await request(app).post("/credentials/verify").send(f).expect(200)).body));
      const [recognised, revoked, plain] = await verifyAll();
      expect(recognised.recognition).toEqual({ status: "recognised", recognisedCredits: 2 });
      expect(revoked.valid).toBe(false);
      expect(revoked.checks).toContainEqual({
        name: "notRevoked",
        outcome: "fail",
        reason: "revoked with reason code 6",
      });
      expect([plain.valid, plain.checks.find((c: { name: string }) => c.name === "issuerStanding").outcome]).toEqual([
        true,
        "pass",
      ]);
      // At most the batch's anchoring and its issuer's status history, once.
      expect(logReads).toBeLessThanOrEqual(2);
      logReads = 0;
      expect(await verifyAll()).toEqual([recognised, revoked, plain]);
      expect(logReads).toBe(0);
    } finally {
      await chain.provider.off("debug", count);
    }
  });
});
