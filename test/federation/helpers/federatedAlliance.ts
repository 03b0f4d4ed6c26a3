import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type express from "express";
import pino from "pino";
import request from "supertest";
import type { AllianceClient } from "@alliance-ledger/sdk";
import { type LocalAlliance, openDecidedPeriod, startLocalAlliance } from "@alliance-ledger/sdk/testing";
import { anchorPendingBatches, createApiKey, createServer, indexChain, type Database } from "@alliance-ledger/api";
import { createSqliteDatabase } from "../../../packages/api/src/db/sqliteDatabase.js";
import { migrate } from "../../../packages/api/src/db/migrate.js";
import {
  type PullInboundParameters,
  pullInboundBatches,
} from "../../../packages/api/src/federation/pullInboundBatches.js";
import { publishGateways } from "../../../packages/api/src/federation/startFederation.js";
import { transportKeys } from "../../../packages/api/src/federation/transportKeys.js";
import { freshPostgres } from "../../../packages/api/src/testing/freshPostgres.js";

export const PASSPHRASE = "federation-test-passphrase";

/** One member school's own gateway: its database, its custodial key only, listening on its own port. */
export interface MemberGateway {
  memberId: number;
  db: Database;
  signers: Map<number, AllianceClient>;
  app: ReturnType<typeof createServer>;
  server: Server;
  url: string;
  key: string;
  drop: () => Promise<void>;
}

export type GatewayName = "A" | "B" | "C";

/** Listens on 127.0.0.1 (`port`, or any free one). */
export async function listen(app: express.Express | ReturnType<typeof createServer>, port = 0) {
  const server = app.listen(port, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}` };
}

/**
 * Three member schools on one node, each with its own gateway and database (SQLite files for A and C,
 * a PostgreSQL schema for B), published in the directory on chain; a period open and a course of A's
 * that B's and C's students take.
 */
export async function startFederatedAlliance() {
  const chain: LocalAlliance = await startLocalAlliance(3);
  const gw = {} as Record<GatewayName, MemberGateway>;
  let seq = 0;
  const as = (g: MemberGateway) => ({ authorization: `Bearer ${g.key}`, "idempotency-key": `fed-${++seq}` });
  const publish = (g: MemberGateway, publicUrl = g.url) =>
    publishGateways({ db: g.db, reader: chain.reader, signers: g.signers, publicUrl, passphrase: PASSPHRASE });

  const startMember = async (
    name: GatewayName,
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
    await publish(gw[name]);
  };

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

  return {
    chain,
    gw,
    as,
    publish,
    /** The gateway's indexer catches up, then it pulls its home schools' records. */
    pull: (g: MemberGateway, options: Partial<PullInboundParameters> = {}) =>
      indexChain({ db: g.db, provider: chain.provider, addresses: chain.reader.addresses }).then(() =>
        pullInboundBatches({
          db: g.db,
          reader: chain.reader,
          members: [g.memberId],
          passphrase: PASSPHRASE,
          allowLoopback: true, // every gateway here listens on 127.0.0.1
          ...options,
        }),
      ),
    inbox: async (g: MemberGateway) =>
      (await request(g.app).get("/recognitions/inbox?limit=100").set(as(g)).expect(200)).body.items as Array<{
        id: string;
        issuerId: number;
        studentRef: string;
      }>,
    /** A attests a roster of course 1 and anchors it. */
    attest: async (students: Array<{ home: number; ref: string; grade?: string }>) => {
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
    },
    /**
     * A's directory entry points at `app` (a hostile issuer gateway) until the returned function puts A's
     * own gateway back. The keys rotate each way: the directory never takes a key twice.
     */
    impersonateA: async (app: express.Express) => {
      const proxy = await listen(app);
      const keys = (await transportKeys(gw.A.db, 1, PASSPHRASE, { rotate: true }))!;
      await (
        await chain.members[0].memberGateways!.setGateway(proxy.url, keys.signingPublic, keys.encryptionPublic)
      ).wait();
      return async () => {
        proxy.server.close();
        await publish(gw.A);
      };
    },
    stop: async () => {
      for (const g of Object.values(gw)) {
        g.server?.close();
        await g.drop?.();
      }
      await chain.stop();
    },
  };
}

export type FederatedAlliance = Awaited<ReturnType<typeof startFederatedAlliance>>;
