import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateOperatorKey } from "../actions/registry/rotateOperatorKey.js";
import { devWallet, startLocalAlliance, type LocalAlliance } from "../testing/startLocalAlliance.js";
import { syncAccountAllowlists } from "./syncAccountAllowlists.js";

/** A fake Besu node: answers perm_* from an in-memory allowlist and records every call. */
function fakeBesu(initial: string[]) {
  const allowlist = new Set(initial.map((a) => getAddress(a)));
  const calls: Array<{ method: string; params: unknown[] }> = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const { id, method, params } = JSON.parse(body);
      calls.push({ method, params });
      let result: unknown = "Success";
      if (method === "perm_getAccountsAllowlist") result = [...allowlist];
      else if (method === "perm_addAccountsToAllowlist")
        for (const a of params[0] as string[]) allowlist.add(getAddress(a));
      else if (method === "perm_removeAccountsFromAllowlist")
        for (const a of params[0] as string[]) allowlist.delete(getAddress(a));
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
  return new Promise<{ url: string; calls: typeof calls; allowlist: Set<string>; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        calls,
        allowlist,
        close: () => server.close(),
      }),
    ),
  );
}

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startLocalAlliance(3);
}, 120_000);
afterAll(async () => alliance?.stop());

describe("syncAccountAllowlists", () => {
  it("adds what the registry allows and removes what it no longer does, on every node", async () => {
    const validator = "0x00000000000000000000000000000000000000aa";
    const stale = "0x00000000000000000000000000000000000000bb";
    const wanted = (await alliance.reader.registry.allowlistedAccounts()).map((a) => getAddress(a));
    const nodeA = await fakeBesu([stale, wanted[0]]);
    const nodeB = await fakeBesu([]);
    try {
      const changes = await syncAccountAllowlists({
        registry: alliance.reader.addresses.registry,
        provider: alliance.provider,
        nodes: [nodeA.url, nodeB.url],
        alwaysAllowed: [validator],
      });
      expect(changes[0].removed).toEqual([getAddress(stale)]);
      expect(changes[0].added).not.toContain(wanted[0]);
      for (const node of [nodeA, nodeB])
        expect([...node.allowlist].sort()).toEqual([...new Set([...wanted, getAddress(validator)])].sort());
      expect(nodeA.calls.map((c) => c.method).filter((m) => m.startsWith("perm_"))).toEqual([
        "perm_getAccountsAllowlist",
        "perm_addAccountsToAllowlist",
        "perm_removeAccountsFromAllowlist",
      ]);

      // A member rotates its key: the next sync swaps exactly that key, nothing else.
      const oldKey = devWallet(1, alliance.provider).address; // member 1's key
      const newKey = "0x00000000000000000000000000000000000000cc";
      await rotateOperatorKey(alliance.members[0], { memberId: 1, add: newKey, remove: oldKey });
      const [second] = await syncAccountAllowlists({
        registry: alliance.reader.addresses.registry,
        provider: alliance.provider,
        nodes: [nodeA.url],
        alwaysAllowed: [validator],
      });
      expect(second).toMatchObject({ added: [getAddress(newKey)], removed: [oldKey] });

      const [third] = await syncAccountAllowlists({
        registry: alliance.reader.addresses.registry,
        provider: alliance.provider,
        nodes: [nodeA.url],
        alwaysAllowed: [validator],
      });
      expect(third).toMatchObject({ added: [], removed: [] });
      expect(nodeA.calls.at(-1)!.method).toBe("perm_getAccountsAllowlist"); // nothing to apply, nothing sent
    } finally {
      nodeA.close();
      nodeB.close();
    }
  });
});
