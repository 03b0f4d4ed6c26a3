import type { ContractRunner, Provider } from "ethers";
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

/** Where an alliance's contracts live on one chain. */
export interface AllianceAddresses {
  registry: string;
  catalog: string;
  creditLedger: string;
  costLedger: string;
  forwarder: string;
  /** Shared resources and their use; absent in deployments made before the contract existed. */
  resourceExchange?: string;
  /** Member gateways and their transport keys; absent in deployments made before the contract existed. */
  memberGateways?: string;
}

export interface AllianceClient {
  /** A signer (to write) or a provider (to read). */
  runner: ContractRunner;
  provider: Provider;
  addresses: AllianceAddresses;
  registry: AllianceRegistry;
  catalog: CourseCatalog;
  creditLedger: CreditLedger;
  costLedger: CostLedger;
  forwarder: AllianceForwarder;
  /** Present when the deployment has a resource exchange (see {@link AllianceAddresses}). */
  resourceExchange?: ResourceExchange;
  /** Present when the deployment has a gateway directory (see {@link AllianceAddresses}). */
  memberGateways?: MemberGateways;
}

/**
 * Binds the alliance contracts to a signer or provider. Actions take this client as first argument.
 *
 * @example const client = createAllianceClient({ runner: wallet, addresses });
 */
export function createAllianceClient(parameters: {
  runner: ContractRunner;
  addresses: AllianceAddresses;
}): AllianceClient {
  const { runner, addresses } = parameters;
  const provider = runner.provider ?? (runner as Provider);
  return {
    runner,
    provider,
    addresses,
    registry: AllianceRegistry__factory.connect(addresses.registry, runner),
    catalog: CourseCatalog__factory.connect(addresses.catalog, runner),
    creditLedger: CreditLedger__factory.connect(addresses.creditLedger, runner),
    costLedger: CostLedger__factory.connect(addresses.costLedger, runner),
    forwarder: AllianceForwarder__factory.connect(addresses.forwarder, runner),
    ...(addresses.resourceExchange
      ? { resourceExchange: ResourceExchange__factory.connect(addresses.resourceExchange, runner) }
      : {}),
    ...(addresses.memberGateways
      ? { memberGateways: MemberGateways__factory.connect(addresses.memberGateways, runner) }
      : {}),
  };
}

/** The addresses of deployed contracts, as {@link createAllianceClient} wants them. */
export async function addressesOf(contracts: {
  registry: { getAddress(): Promise<string> };
  catalog: { getAddress(): Promise<string> };
  creditLedger: { getAddress(): Promise<string> };
  costLedger: { getAddress(): Promise<string> };
  forwarder: { getAddress(): Promise<string> };
  resourceExchange?: { getAddress(): Promise<string> };
  memberGateways?: { getAddress(): Promise<string> };
}): Promise<AllianceAddresses> {
  const [registry, catalog, creditLedger, costLedger, forwarder, resourceExchange, memberGateways] = await Promise.all([
    contracts.registry.getAddress(),
    contracts.catalog.getAddress(),
    contracts.creditLedger.getAddress(),
    contracts.costLedger.getAddress(),
    contracts.forwarder.getAddress(),
    contracts.resourceExchange?.getAddress(),
    contracts.memberGateways?.getAddress(),
  ]);
  return {
    registry,
    catalog,
    creditLedger,
    costLedger,
    forwarder,
    ...(resourceExchange ? { resourceExchange } : {}),
    ...(memberGateways ? { memberGateways } : {}),
  };
}
