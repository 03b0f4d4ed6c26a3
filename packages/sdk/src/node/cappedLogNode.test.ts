import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDecidedShares } from "../actions/costs/getDecidedShares.js";
import { publishCourse } from "../actions/catalog/publishCourse.js";
import { ProposalAction, proposeDecision } from "../actions/registry/proposeDecision.js";
import { auditLedger } from "../audit/auditLedger.js";
import { readLedgerEvents } from "../audit/readLedgerEvents.js";
import { createAllianceClient } from "../client/createAllianceClient.js";
import type { CredentialFile } from "../credentials/credentialFile.js";
import { verifyCredential, type AllianceDeployment } from "../credentials/verifyCredential.js";
import { anchorCredentials } from "../testing/anchorCredentials.js";
import { acceptCredential, revokeCredential } from "../testing/credentialSteps.js";
import { openDecidedPeriod } from "../testing/openDecidedPeriod.js";
import { startLocalAlliance, type LocalAlliance } from "../testing/startLocalAlliance.js";

/**
 * Besu refuses spans over --rpc-max-logs-range (1,000 or 5,000 blocks by default); a chain of a few
 * months at a few seconds a block is millions of blocks. Both are scaled down here (anvil mines an empty
 * block in about 2 ms): the node refuses spans over CAP blocks, and GAP empty blocks separate each step.
 */
const CAP = 100;
const GAP = 400;

/**
 * A JSON-RPC proxy in front of anvil that answers an eth_getLogs spanning more than CAP blocks as Besu
 * does (EIP-1474 "limit exceeded"), so the SDK is read against a node that caps log queries.
 */
async function startCappedProxy(upstream: string): Promise<{ url: string; server: Server; refused: () => number }> {
  let refused = 0;
  const call = async (body: unknown) =>
    (
      await fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    ).json();
  const blockOf = async (tag: string | undefined): Promise<number> => {
    if (tag === undefined || tag === "latest" || tag === "pending" || tag === "safe" || tag === "finalized")
      return Number(
        ((await call({ jsonrpc: "2.0", id: 0, method: "eth_blockNumber", params: [] })) as { result: string }).result,
      );
    return tag === "earliest" ? 0 : Number(tag);
  };
  const answer = async (request: { id: unknown; method: string; params?: Array<Record<string, string>> }) => {
    if (request.method === "eth_getLogs" && !request.params?.[0]?.blockHash) {
      const filter = request.params?.[0] ?? {};
      const span = (await blockOf(filter.toBlock)) - (await blockOf(filter.fromBlock ?? "latest")) + 1;
      if (span > CAP) {
        refused += 1;
        return {
          jsonrpc: "2.0",
          id: request.id,
          error: { code: -32005, message: "Requested range exceeds maximum RPC range limit" },
        };
      }
    }
    return call(request);
  };
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", async () => {
      const body = JSON.parse(text);
      const reply = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, refused: () => refused };
}

let alliance: LocalAlliance;
let proxy: Awaited<ReturnType<typeof startCappedProxy>>;
let capped: JsonRpcProvider;
let files: CredentialFile[];
let pinned: AllianceDeployment;
const mine = (blocks: number) => alliance.provider.send("anvil_mine", [`0x${blocks.toString(16)}`, "0x0"]);

beforeAll(async () => {
  alliance = await startLocalAlliance(3);
  const [host, home] = alliance.members;
  await mine(GAP);
  await publishCourse(host, {
    code: "ME101",
    terms: { metadata: "Mechanics", credits: 300, contactHours: 48, feePerCredit: 5_000n, term: 20261, seats: 30 },
  });
  await openDecidedPeriod(alliance.secretariat, {
    currency: "CNY",
    shares: [1, 2, 3].map((memberId) => ({ memberId, shareBps: memberId === 1 ? 3334 : 3333 })),
  });
  ({ files, deployment: pinned } = await anchorCredentials(host, {
    issuerId: 1,
    homeId: 2,
    courseId: 1,
    courseVersion: 1,
    term: 20261,
    credits: 300,
    students: [0, 1, 2].map((i) => ({ ref: `2026-M-${i}` })),
  }));
  await mine(GAP);
  const [recognised, revoked] = files;
  await acceptCredential(home, recognised);
  await revokeCredential(host, revoked, 4);
  // The issuer's standing changes long after it anchored: its history must be replayed to judge it.
  await mine(GAP);
  await proposeDecision(alliance.secretariat, { action: ProposalAction.Suspend, memberId: 1 });
  await mine(GAP);
  proxy = await startCappedProxy(alliance.node.url);
  capped = new JsonRpcProvider(proxy.url, undefined, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
}, 120_000);

afterAll(async () => {
  capped?.destroy();
  proxy?.server.close();
  await alliance?.stop();
});

describe(`on a node that refuses log queries over ${CAP} blocks (Besu), with ${4 * GAP} blocks of history`, () => {
  it("the node really refuses a query over the whole chain", async () => {
    const before = proxy.refused();
    await expect(capped.getLogs({ fromBlock: 0, toBlock: "latest" })).rejects.toThrow();
    expect(proxy.refused()).toBe(before + 1);
  });

  it("verifies credentials: the recognition, the revocation and the issuer's standing when it anchored", async () => {
    const verify = (file: CredentialFile) => verifyCredential(file, capped, pinned);
    const [recognised, revoked, plain] = await Promise.all(files.map(verify));
    expect(recognised.valid).toBe(true);
    expect(recognised.recognition).toEqual({ status: "recognised", recognisedCredits: 300 });
    expect(recognised.checks.find((c) => c.name === "issuerStanding")?.outcome).toBe("pass");
    expect(revoked.valid).toBe(false);
    expect(revoked.checks.find((c) => c.name === "notRevoked")?.reason).toMatch(/reason code 4/);
    expect(plain.valid).toBe(true);
  });

  it("finds the shares the council decided", async () => {
    const reader = createAllianceClient({ runner: capped, addresses: alliance.reader.addresses });
    const decided = await getDecidedShares(reader, { periodId: 1 });
    expect(decided?.source).toBe("period");
    expect(decided?.shares.map((s) => s.shareBps)).toEqual([3334, 3333, 3333]);
  });

  it("reads every event and audits the ledger with ranges larger than the cap", async () => {
    const direct = await readLedgerEvents({ provider: alliance.provider, addresses: alliance.reader.addresses });
    const split = await readLedgerEvents({ provider: capped, addresses: alliance.reader.addresses, blockRange: 5_000 });
    expect(split.events).toEqual(direct.events);
    expect(split.events.some((e) => e.name === "MemberStatusChanged" && e.blockNumber > 3 * GAP)).toBe(true);
    const report = await auditLedger({ provider: capped, addresses: alliance.reader.addresses });
    expect(report.discrepancies).toEqual([]);
    expect(report.passed).toBe(true);
  });
});
