import { getAddress, JsonRpcProvider, type Provider } from "ethers";
import { AllianceRegistry__factory } from "../generated/typechain/index.js";

export interface AllowlistChange {
  node: string;
  added: string[];
  removed: string[];
}

/**
 * Keeps every Besu node's account allowlist in step with the AllianceRegistry (Besu 25.6+ permissions
 * accounts by local allowlists managed with `perm_*`): the allowlist must be exactly the registry's
 * `allowlistedAccounts()` (active members' current keys and role holders) plus `alwaysAllowed` (e.g.
 * validators). Applies only the difference, with `perm_addAccountsToAllowlist` and
 * `perm_removeAccountsFromAllowlist`.
 */
export async function syncAccountAllowlists(p: {
  registry: string;
  /** A node to read the registry from. */
  provider: Provider;
  /** JSON-RPC URLs of the nodes whose allowlists to update (PERM API enabled). */
  nodes: string[];
  alwaysAllowed?: string[];
}): Promise<AllowlistChange[]> {
  const registry = AllianceRegistry__factory.connect(p.registry, p.provider);
  const wanted = new Set(
    [...(await registry.allowlistedAccounts()), ...(p.alwaysAllowed ?? [])].map((a) => getAddress(a)),
  );
  const changes: AllowlistChange[] = [];
  for (const url of p.nodes) {
    const node = new JsonRpcProvider(url, undefined, { staticNetwork: true, batchMaxCount: 1 });
    try {
      const current = new Set(
        ((await node.send("perm_getAccountsAllowlist", [])) as string[]).map((a) => getAddress(a)),
      );
      const added = [...wanted].filter((a) => !current.has(a)).sort();
      const removed = [...current].filter((a) => !wanted.has(a)).sort();
      // Add before removing, so an account moving between keys is never locked out in between.
      if (added.length) await node.send("perm_addAccountsToAllowlist", [added]);
      if (removed.length) await node.send("perm_removeAccountsFromAllowlist", [removed]);
      changes.push({ node: url, added, removed });
    } finally {
      node.destroy();
    }
  }
  return changes;
}
