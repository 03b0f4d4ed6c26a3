import type { Signer } from "ethers";
import {
  AllianceForwarder__factory,
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
  type AllianceForwarder,
  type AllianceRegistry,
  type CostLedger,
  type CourseCatalog,
  type CreditLedger,
} from "../generated/typechain/index.js";

export interface CharterInput {
  documentHash: string;
  version: number;
  councilQuorum: number;
}

export interface AllianceContracts {
  forwarder: AllianceForwarder;
  registry: AllianceRegistry;
  catalog: CourseCatalog;
  costLedger: CostLedger;
  creditLedger: CreditLedger;
}

/**
 * Deploys the forwarder and the four alliance contracts and wires the cost ledger to the credit ledger.
 * `deployer` becomes the registry's admin (it grants the initial roles, then should hand admin over).
 */
export async function deployAlliance(deployer: Signer, charter: CharterInput): Promise<AllianceContracts> {
  const admin = await deployer.getAddress();
  const forwarder = await new AllianceForwarder__factory(deployer).deploy();
  const forwarderAddress = await forwarder.getAddress();
  const registry = await new AllianceRegistry__factory(deployer).deploy(admin, charter, forwarderAddress);
  const registryAddress = await registry.getAddress();
  const catalog = await new CourseCatalog__factory(deployer).deploy(registryAddress, forwarderAddress);
  const costLedger = await new CostLedger__factory(deployer).deploy(registryAddress, forwarderAddress);
  const creditLedger = await new CreditLedger__factory(deployer).deploy(
    registryAddress,
    await catalog.getAddress(),
    await costLedger.getAddress(),
    forwarderAddress,
  );
  await (await costLedger.setCreditLedger(await creditLedger.getAddress())).wait();
  return { forwarder, registry, catalog, costLedger, creditLedger };
}
