import { HDNodeWallet, JsonRpcProvider, Mnemonic, type Wallet } from "ethers";
import { addressesOf, createAllianceClient, type AllianceClient } from "../client/createAllianceClient.js";
import { bootstrapAlliance } from "../deploy/bootstrapAlliance.js";
import { startAnvil, type AnvilNode, type StartAnvilParameters } from "../node/startAnvil.js";

export interface LocalAlliance {
  node: AnvilNode;
  provider: JsonRpcProvider;
  /** Holds every role (council quorum 1): the bootstrap key. */
  secretariat: AllianceClient;
  /** One client per member, member id = index + 1. */
  members: AllianceClient[];
  /** A key that is no member's. */
  outsider: AllianceClient;
  reader: AllianceClient;
  stop(): Promise<void>;
}

/** anvil's well-known development mnemonic: its keys are public, never use them on a real network. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

/** Development key `index` of {@link ANVIL_MNEMONIC}, connected to `provider`. */
export function devWallet(index: number, provider: JsonRpcProvider): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(ANVIL_MNEMONIC), `m/44'/60'/0'/0/${index}`).connect(provider);
}

/**
 * A real anvil node with a freshly deployed alliance of `memberCount` active members, for tests and
 * benchmarks. Keys are anvil's dev keys, signed locally (as members sign on Besu): 0 is the bootstrap
 * key, 1..n the members, n+1 an outsider.
 */
export async function startLocalAlliance(
  memberCount = 3,
  nodeOptions: StartAnvilParameters = {},
): Promise<LocalAlliance> {
  const node = await startAnvil({ accounts: memberCount + 2, ...nodeOptions });
  // batchMaxCount 1: send each request at once (ethers otherwise waits 10 ms to batch requests);
  // pollingInterval 50 ms: a local node mines at once, waiting ethers' default 4 s for a receipt is waste.
  const provider = new JsonRpcProvider(node.url, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 1,
    pollingInterval: 50,
  });
  const signers = Array.from({ length: memberCount + 2 }, (_, i) => devWallet(i, provider));
  const contracts = await bootstrapAlliance(
    signers[0],
    signers
      .slice(1, memberCount + 1)
      .map((s, i) => ({ name: `Member ${i + 1}`, kind: i % 2, region: "Test", operator: s.address })),
  );
  const addresses = await addressesOf(contracts);
  const client = (runner: HDNodeWallet | Wallet | JsonRpcProvider) => createAllianceClient({ runner, addresses });
  return {
    node,
    provider,
    secretariat: client(signers[0]),
    members: signers.slice(1, memberCount + 1).map(client),
    outsider: client(signers[memberCount + 1]),
    reader: client(provider),
    async stop() {
      // Unsubscribe first (a receipt's wait can leave block polling behind), so nothing is in flight when the provider goes.
      await provider.removeAllListeners();
      provider.destroy();
      await node.stop();
    },
  };
}
