import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { id, isAddress } from "ethers";
import { network } from "hardhat";
import { addressesOf, deployAlliance, ROLE_IDS } from "@alliance-ledger/sdk";

/**
 * Deploys the alliance contracts to a network named in hardhat.config.ts and writes
 * deployments/<network>.json. The deployer is the registry's bootstrap admin. With ALLIANCE_COUNCIL set,
 * it gives out the first roles and completes the bootstrap, renouncing admin: from then on roles change
 * only by council decision (docs/deploy.md). Without it, the deployer stays admin until it does so itself.
 *
 *   ALLIANCE_RPC_URL=http://validator-1:8545 npm run deploy -- --network alliance
 *
 * Charter: ALLIANCE_CHARTER_HASH (the charter document's SHA-256 or keccak), ALLIANCE_COUNCIL_QUORUM and
 * ALLIANCE_PROPOSAL_LIFETIME_DAYS (default 30). First role holders, comma-separated addresses:
 * ALLIANCE_COUNCIL, ALLIANCE_SECRETARIAT, ALLIANCE_AUDITORS, ALLIANCE_EVALUATION_COMMITTEE.
 * Output directory: ALLIANCE_DEPLOYMENTS_DIR (default deployments/).
 */
const connection = await network.create();
const [deployer] = await connection.ethers.getSigners();
const quorum = Number(process.env.ALLIANCE_COUNCIL_QUORUM ?? "2");
if (!Number.isInteger(quorum) || quorum < 1)
  throw new Error(`ALLIANCE_COUNCIL_QUORUM must be a positive integer, got "${process.env.ALLIANCE_COUNCIL_QUORUM}"`);
const lifetimeDays = Number(process.env.ALLIANCE_PROPOSAL_LIFETIME_DAYS ?? "30");
if (!Number.isInteger(lifetimeDays) || lifetimeDays < 1)
  throw new Error(
    `ALLIANCE_PROPOSAL_LIFETIME_DAYS must be a positive integer, got "${process.env.ALLIANCE_PROPOSAL_LIFETIME_DAYS}"`,
  );
const charter = {
  documentHash: process.env.ALLIANCE_CHARTER_HASH ?? id("alliance charter v1"),
  version: 1,
  councilQuorum: quorum,
  proposalLifetime: lifetimeDays * 86_400,
};

/** Comma-separated addresses from the environment; a wrong one stops the deployment before it starts. */
function addressList(name: string): string[] {
  const list = (process.env[name] ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  for (const a of list) if (!isAddress(a)) throw new Error(`${name}: not an address: "${a}"`);
  return list;
}
const firstRoles = {
  [ROLE_IDS.council]: addressList("ALLIANCE_COUNCIL"),
  [ROLE_IDS.secretariat]: addressList("ALLIANCE_SECRETARIAT"),
  [ROLE_IDS.auditor]: addressList("ALLIANCE_AUDITORS"),
  [ROLE_IDS.evaluationCommittee]: addressList("ALLIANCE_EVALUATION_COMMITTEE"),
};
const council = firstRoles[ROLE_IDS.council];
if (council.length > 0 && council.length < quorum)
  throw new Error(`ALLIANCE_COUNCIL names ${council.length} councillors; the quorum of ${quorum} can never be reached`);

const startBlock = await connection.ethers.provider.getBlockNumber();
const contracts = await deployAlliance(deployer, charter);
const addresses = await addressesOf(contracts);
if (council.length > 0) {
  for (const [role, holders] of Object.entries(firstRoles))
    for (const holder of holders) await (await contracts.registry.grantRole(role, holder)).wait();
  await (await contracts.registry.completeBootstrap()).wait();
  console.log(
    `gave out the first roles and completed the bootstrap: roles now change only by council decision (${quorum} of ${council.length})`,
  );
}
const { chainId } = await connection.ethers.provider.getNetwork();
const deployment = {
  network: connection.networkName,
  chainId: Number(chainId),
  deployedAtBlock: startBlock,
  admin: deployer.address,
  bootstrapCompleted: council.length > 0,
  charter,
  addresses,
};
const dir = process.env.ALLIANCE_DEPLOYMENTS_DIR ?? "deployments";
await mkdir(dir, { recursive: true });
const path = join(dir, `${connection.networkName}.json`);
await writeFile(path, `${JSON.stringify(deployment, null, 2)}\n`);
console.log(`deployed to ${connection.networkName} (chain ${chainId}); addresses in ${path}`);
for (const [name, address] of Object.entries(addresses)) console.log(`  ${name.padEnd(13)} ${address}`);
