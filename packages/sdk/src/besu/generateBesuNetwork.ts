import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SigningKey, Wallet } from "ethers";
import { encodeQbftExtraData, sortValidators } from "./qbftExtraData.js";

export interface GenerateBesuNetworkParameters {
  /** One validator per member school (or region). */
  validators: number;
  chainId: number;
  /** Directory to write into; one sub-directory per node. */
  dir: string;
  blockPeriodSeconds?: number;
  /** Host and first P2P port of each node in static-nodes.json; node i listens on port + i. */
  host?: string;
  p2pPort?: number;
  /** Accounts allowed to send transactions from the first block (bootstrap key). */
  accountsAllowlist?: string[];
  /** The AllianceRegistry, when known: Besu up to 25.5 can ask it (contract-based account permissioning). */
  registryAddress?: string;
  /** Node keys to use instead of fresh random ones (tests). */
  nodeKeys?: string[];
}

export interface BesuNode {
  name: string;
  /** Validator (and node key) address. */
  address: string;
  enode: string;
}

export interface GenerateBesuNetworkReturnType {
  genesis: Record<string, unknown>;
  nodes: BesuNode[];
}

/**
 * Writes a Hyperledger Besu QBFT network for N validators: genesis.json (QBFT, the validator list in
 * extraData, every fork through Cancun at genesis to match the contracts' EVM target, zero base fee
 * for free gas), each node's key, static-nodes.json, and each node's permissions_config.toml (node
 * allowlist = every validator; account allowlist = the bootstrap accounts, then kept in step with the
 * AllianceRegistry by `syncAccountAllowlists`).
 *
 * Node keys are secrets: they are written with mode 0600 and must be moved to each member's own
 * validator host, never committed.
 */
export async function generateBesuNetwork(p: GenerateBesuNetworkParameters): Promise<GenerateBesuNetworkReturnType> {
  if (!Number.isInteger(p.validators) || p.validators < 1)
    throw new RangeError(`validators must be a positive integer, got ${p.validators}`);
  const host = p.host ?? "127.0.0.1";
  const port = p.p2pPort ?? 30303;
  const keys = Array.from(
    { length: p.validators },
    (_, i) => new SigningKey(p.nodeKeys?.[i] ?? Wallet.createRandom().privateKey),
  );
  const nodes = keys.map((key, i) => ({
    name: `node${i + 1}`,
    key,
    address: new Wallet(key.privateKey).address,
    enode: `enode://${key.publicKey.slice(4)}@${host}:${port + i}`,
  }));

  const genesis = {
    config: {
      chainId: p.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0, // all forks at genesis: enabling them mid-chain has caused sync failures
      zeroBaseFee: true,
      contractSizeLimit: 49152,
      qbft: { blockperiodseconds: p.blockPeriodSeconds ?? 2, epochlength: 30000, requesttimeoutseconds: 4 },
    },
    nonce: "0x0",
    timestamp: "0x0",
    gasLimit: "0x1fffffffffffff",
    difficulty: "0x1",
    mixHash: "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365",
    coinbase: "0x0000000000000000000000000000000000000000",
    baseFeePerGas: "0x0",
    alloc: {},
    extraData: encodeQbftExtraData(sortValidators(nodes.map((n) => n.address))),
  };

  await mkdir(p.dir, { recursive: true });
  await writeFile(join(p.dir, "genesis.json"), `${JSON.stringify(genesis, null, 2)}\n`);
  await writeFile(
    join(p.dir, "static-nodes.json"),
    `${JSON.stringify(
      nodes.map((n) => n.enode),
      null,
      2,
    )}\n`,
  );
  const toml = (list: string[]) => `[${list.map((x) => `"${x}"`).join(", ")}]`;
  const accounts = [...new Set([...(p.accountsAllowlist ?? []), ...nodes.map((n) => n.address)])];
  for (const n of nodes) {
    const dir = join(p.dir, n.name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "key"), `${n.key.privateKey.slice(2)}\n`, { mode: 0o600 });
    await writeFile(join(dir, "key.pub"), `${n.key.publicKey.slice(4)}\n`);
    await writeFile(
      join(dir, "permissions_config.toml"),
      `# Local allowlists (Besu 25.6 and later). Keep accounts in step with the AllianceRegistry:\n#   npx alliance network sync-allowlist\nnodes-allowlist=${toml(nodes.map((x) => x.enode))}\naccounts-allowlist=${toml(accounts)}\n`,
    );
    await writeFile(
      join(dir, "config.toml"),
      `${[
        `data-path="${n.name}/data"`,
        `genesis-file="genesis.json"`,
        `node-private-key-file="${n.name}/key"`,
        `p2p-port=${port + nodes.indexOf(n)}`,
        `min-gas-price=0`,
        `rpc-http-enabled=true`,
        `rpc-http-api=["ETH","NET","QBFT","PERM","WEB3"]`,
        `permissions-nodes-config-file-enabled=true`,
        `permissions-accounts-config-file-enabled=true`,
        `permissions-nodes-config-file="${n.name}/permissions_config.toml"`,
        `permissions-accounts-config-file="${n.name}/permissions_config.toml"`,
        ...(p.registryAddress
          ? [
              `# Besu up to 25.5 only (removed in 25.6): ask the AllianceRegistry's transactionAllowed instead.`,
              `# permissions-accounts-contract-enabled=true`,
              `# permissions-accounts-contract-address="${p.registryAddress}"`,
            ]
          : []),
      ].join("\n")}\n`,
    );
  }
  return { genesis, nodes: nodes.map(({ name, address, enode }) => ({ name, address, enode })) };
}
