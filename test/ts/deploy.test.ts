import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE_IDS, AllianceRegistry__factory, CostLedger__factory } from "@alliance-ledger/sdk";
import { devWallet, startAnvil, type AnvilNode } from "@alliance-ledger/sdk/testing";

const run = promisify(execFile);
let node: AnvilNode;
beforeAll(async () => {
  node = await startAnvil();
});
afterAll(async () => node?.stop());

describe("npm run deploy -- --network alliance", () => {
  it("deploys to a JSON-RPC network named in the config, with the key from the environment", async () => {
    const dir = await mkdtemp(join(tmpdir(), "deployments-"));
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    const deployer = devWallet(3, provider);
    await run("npx", ["hardhat", "run", "scripts/deploy.ts", "--network", "alliance"], {
      env: {
        ...process.env,
        ALLIANCE_RPC_URL: node.url,
        ALLIANCE_DEPLOYER_KEY: deployer.privateKey,
        ALLIANCE_COUNCIL_QUORUM: "3",
        ALLIANCE_DEPLOYMENTS_DIR: dir,
      },
    });
    const deployment = JSON.parse(await readFile(join(dir, "alliance.json"), "utf8"));
    expect(deployment).toMatchObject({ network: "alliance", chainId: 31337, admin: deployer.address });
    const registry = AllianceRegistry__factory.connect(deployment.addresses.registry, provider);
    expect((await registry.charter()).councilQuorum).toBe(3n);
    expect(await registry.hasRole(`0x${"00".repeat(32)}`, deployer.address)).toBe(true);
    expect(await registry.bootstrapCompleted()).toBe(false);
    // The cost ledger takes fees from the credit ledger and the resource exchange, both wired at deployment.
    const costLedger = CostLedger__factory.connect(deployment.addresses.costLedger, provider);
    expect(await costLedger.creditLedger()).toBe(deployment.addresses.creditLedger);
    expect(await costLedger.resourceExchange()).toBe(deployment.addresses.resourceExchange);
    provider.destroy();
  }, 300_000);

  it("gives out the first roles and completes the bootstrap, so no single key can change a role afterwards", async () => {
    const dir = await mkdtemp(join(tmpdir(), "deployments-"));
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    const deployer = devWallet(4, provider);
    const council = [5, 6, 7].map((i) => devWallet(i, provider).address);
    await run("npx", ["hardhat", "run", "scripts/deploy.ts", "--network", "alliance"], {
      env: {
        ...process.env,
        ALLIANCE_RPC_URL: node.url,
        ALLIANCE_DEPLOYER_KEY: deployer.privateKey,
        ALLIANCE_COUNCIL_QUORUM: "2",
        ALLIANCE_COUNCIL: council.join(","),
        ALLIANCE_SECRETARIAT: devWallet(8, provider).address,
        ALLIANCE_DEPLOYMENTS_DIR: dir,
      },
    });
    const deployment = JSON.parse(await readFile(join(dir, "alliance.json"), "utf8"));
    const registry = AllianceRegistry__factory.connect(deployment.addresses.registry, provider);
    expect(await registry.bootstrapCompleted()).toBe(true);
    expect(await registry.hasRole(`0x${"00".repeat(32)}`, deployer.address)).toBe(false);
    expect(await registry.getRoleMemberCount(ROLE_IDS.council)).toBe(3n);
    expect(await registry.hasRole(ROLE_IDS.secretariat, devWallet(8, provider).address)).toBe(true);
    provider.destroy();
  }, 300_000);
});
