import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { id } from "ethers";
import { network } from "hardhat";
import { addressesOf, deployAlliance } from "@alliance-ledger/sdk";

/**
 * Deploys the alliance contracts to a network named in hardhat.config.ts and writes
 * deployments/<network>.json. The deployer becomes the registry's admin: grant the first roles, then
 * hand admin to the alliance's governance key (docs/deploy.md).
 *
 *   ALLIANCE_RPC_URL=http://validator-1:8545 npm run deploy -- --network alliance
 *
 * Charter: ALLIANCE_CHARTER_HASH (the charter document's SHA-256 or keccak) and ALLIANCE_COUNCIL_QUORUM.
 * Output directory: ALLIANCE_DEPLOYMENTS_DIR (default deployments/).
 */
const connection = await network.create();
const [deployer] = await connection.ethers.getSigners();
const quorum = Number(process.env.ALLIANCE_COUNCIL_QUORUM ?? "2");
if (!Number.isInteger(quorum) || quorum < 1) throw new Error(`ALLIANCE_COUNCIL_QUORUM must be a positive integer, got "${process.env.ALLIANCE_COUNCIL_QUORUM}"`);
const charter = { documentHash: process.env.ALLIANCE_CHARTER_HASH ?? id("alliance charter v1"), version: 1, councilQuorum: quorum };

const startBlock = await connection.ethers.provider.getBlockNumber();
const contracts = await deployAlliance(deployer, charter);
const addresses = await addressesOf(contracts);
const { chainId } = await connection.ethers.provider.getNetwork();
const deployment = { network: connection.networkName, chainId: Number(chainId), deployedAtBlock: startBlock, admin: deployer.address, charter, addresses };
const dir = process.env.ALLIANCE_DEPLOYMENTS_DIR ?? "deployments";
await mkdir(dir, { recursive: true });
const path = join(dir, `${connection.networkName}.json`);
await writeFile(path, JSON.stringify(deployment, null, 2) + "\n");
console.log(`deployed to ${connection.networkName} (chain ${chainId}); addresses in ${path}`);
for (const [name, address] of Object.entries(addresses)) console.log(`  ${name.padEnd(13)} ${address}`);
