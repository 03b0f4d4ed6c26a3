import type { Signer } from "ethers";
import {
  AllianceForwarder__factory,
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
  MemberGateways__factory,
  ResourceExchange__factory,
  type AllianceForwarder,
  type AllianceRegistry,
  type CostLedger,
  type CourseCatalog,
  type CreditLedger,
  type MemberGateways,
  type ResourceExchange,
} from "../generated/typechain/index.js";

export interface CharterInput {
  documentHash: string;
  version: number;
  councilQuorum: number;
  /** Seconds a council proposal may gather approvals; default 30 days. */
  proposalLifetime?: number;
}

/** How long a council proposal stays open unless the charter says otherwise: 30 days. */
export const DEFAULT_PROPOSAL_LIFETIME = 30 * 24 * 3600;

export interface AllianceContracts {
  forwarder: AllianceForwarder;
  registry: AllianceRegistry;
  catalog: CourseCatalog;
  costLedger: CostLedger;
  creditLedger: CreditLedger;
  resourceExchange: ResourceExchange;
  memberGateways: MemberGateways;
}

/**
 * Deploys the forwarder and the five alliance contracts and wires the cost ledger to its two fee sources,
 * the credit ledger and the resource exchange (each set once, by the admin, so before the bootstrap ends).
 * `deployer` becomes the registry's admin (it grants the initial roles, then should hand admin over).
 */
export async function deployAlliance(deployer: Signer, charter: CharterInput): Promise<AllianceContracts> {
  const admin = await deployer.getAddress();
  // Each deployment is awaited until mined, so the next one's nonce is right on any node.
  const forwarder = await (await new AllianceForwarder__factory(deployer).deploy()).waitForDeployment();
  const forwarderAddress = await forwarder.getAddress();
  const registry = await (
    await new AllianceRegistry__factory(deployer).deploy(
      admin,
      { ...charter, proposalLifetime: charter.proposalLifetime ?? DEFAULT_PROPOSAL_LIFETIME },
      forwarderAddress,
    )
  ).waitForDeployment();
  const registryAddress = await registry.getAddress();
  const catalog = await (
    await new CourseCatalog__factory(deployer).deploy(registryAddress, forwarderAddress)
  ).waitForDeployment();
  const costLedger = await (
    await new CostLedger__factory(deployer).deploy(registryAddress, forwarderAddress)
  ).waitForDeployment();
  const creditLedger = await (
    await new CreditLedger__factory(deployer).deploy(
      registryAddress,
      await catalog.getAddress(),
      await costLedger.getAddress(),
      forwarderAddress,
    )
  ).waitForDeployment();
  const resourceExchange = await (
    await new ResourceExchange__factory(deployer).deploy(
      registryAddress,
      await costLedger.getAddress(),
      forwarderAddress,
    )
  ).waitForDeployment();
  await (await costLedger.setCreditLedger(await creditLedger.getAddress())).wait();
  await (await costLedger.setResourceExchange(await resourceExchange.getAddress())).wait();
  // The cost ledger proposes suspensions for low contribution, so the registry must know it.
  await (await registry.setCostLedger(await costLedger.getAddress())).wait();
  const memberGateways = await (
    await new MemberGateways__factory(deployer).deploy(registryAddress, forwarderAddress)
  ).waitForDeployment();
  return { forwarder, registry, catalog, costLedger, creditLedger, resourceExchange, memberGateways };
}
