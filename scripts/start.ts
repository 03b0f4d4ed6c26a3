import { copyFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { JsonRpcProvider } from "ethers";
import { z } from "zod";
import pino from "pino";
import { countApiKeys, createApiKey, createDatabase, createServer, importRecords, indexChain, loadCustodialSigners, startBatcher, startIndexer, storeCustodialKey, verifyAnchoredBatches } from "@alliance-ledger/api";
import { AllianceRegistry__factory, ANVIL_MNEMONIC, createAllianceClient, devWallet, startAnvil, type AllianceAddresses } from "@alliance-ledger/sdk";
import { DEMO_MEMBERS, seedDemoAlliance } from "./demo/seedDemoAlliance.js";

/**
 * `npm start`: the embedded local alliance. A local anvil node whose state persists under the data
 * directory (flushed every second, with a rotated copy), the contracts deployed once (addresses kept in
 * deployment.json, never redeployed on restart), and a demo alliance seeded on first start.
 */
const ConfigSchema = z.object({
  ALLIANCE_DATA_DIR: z.string().min(1).default("./data"),
  ALLIANCE_HOST: z.string().default("127.0.0.1"),
  ALLIANCE_CHAIN_PORT: z.coerce.number().int().min(0).max(65535).default(8545), // 0: any free port
  ALLIANCE_API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ALLIANCE_KEY_PASSPHRASE: z.string().min(8, "expected at least 8 characters").default("alliance-local-demo"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "expected postgres://user@host:port/database").optional(),
});

const parsed = ConfigSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`configuration: ${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
const config = parsed.data;
const dataDir = resolve(config.ALLIANCE_DATA_DIR);
const chainDir = join(dataDir, "chain");
const statePath = join(chainDir, "state.json");
const deploymentPath = join(dataDir, "deployment.json");

const DeploymentSchema = z.object({
  chainId: z.number(),
  deployedAtBlock: z.number(),
  addresses: z.object({ registry: z.string(), catalog: z.string(), creditLedger: z.string(), costLedger: z.string(), forwarder: z.string() }),
});

/** anvil refuses to start from a truncated state file: keep the last good one and fall back to it. */
async function protectState(): Promise<void> {
  const text = await readFile(statePath, "utf8").catch(() => undefined);
  if (text === undefined) return;
  try {
    JSON.parse(text);
    await copyFile(statePath, `${statePath}.good`);
  } catch {
    console.warn(`! ${statePath} is damaged (an interrupted write); restoring the last good copy`);
    await copyFile(`${statePath}.good`, statePath).catch(() => rename(statePath, `${statePath}.damaged`));
  }
}

async function main() {
  await mkdir(chainDir, { recursive: true });
  await protectState();
  const startNode = (port: number) => startAnvil({ host: config.ALLIANCE_HOST, port, stateFile: statePath, stateIntervalSeconds: 1 });
  let node = await startNode(config.ALLIANCE_CHAIN_PORT);
  const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, batchMaxCount: 1, pollingInterval: 50, cacheTimeout: -1 });
  let closeGateway = async () => {};
  let stopping = false;
  // Set once the gateway runs: re-anchors what a restarted node lost.
  let afterNodeRestart = async () => {};
  const stop = async () => {
    stopping = true;
    console.log("\nstopping: the node writes its state to disk...");
    await closeGateway();
    provider.destroy();
    await node.stop();
    process.exit(0);
  };
  // A supervisor: if the node dies (killed, crashed), start it again on the same port from its last
  // saved state; the gateway keeps accepting records meanwhile and re-anchors whatever the node lost.
  const restarts: number[] = [];
  const supervise = () =>
    node.process.once("exit", (code, signal) => {
      if (stopping) return;
      restarts.push(Date.now());
      if (restarts.filter((t) => Date.now() - t < 60_000).length > 3) {
        console.error("! the chain node stopped 4 times within a minute; giving up. Nothing acknowledged is lost: fix the cause, then run npm start again.");
        void closeGateway().finally(() => process.exit(1));
        return;
      }
      console.warn(`! the chain node stopped (${signal ?? `exit code ${code}`}); restarting it from its last saved state`);
      void (async () => {
        await protectState();
        node = await startNode(node.port);
        supervise();
        await afterNodeRestart();
        console.warn("  the chain node is back");
      })().catch((error) => {
        console.error(`! could not restart the chain node: ${(error as Error).message}`);
        void closeGateway().finally(() => process.exit(1));
      });
    });
  supervise();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  // The gateway: embedded SQLite under the data directory unless DATABASE_URL names PostgreSQL.
  const db = await createDatabase({ databaseUrl: config.DATABASE_URL, sqlitePath: join(dataDir, "gateway.sqlite") });
  let deployment = await readFile(deploymentPath, "utf8").then((t) => DeploymentSchema.parse(JSON.parse(t))).catch(() => undefined);
  if (deployment && (await provider.getCode(deployment.addresses.registry)) === "0x") {
    console.warn(`! ${deploymentPath} names contracts the node does not have (its state was lost); deploying again`);
    deployment = undefined;
  }
  if (!deployment) {
    console.log("first start: deploying the contracts and seeding the demo alliance");
    const seeded = await seedDemoAlliance(provider, dataDir, (line) => console.log(`  ${line}`));
    // The gateway's books take the demo's records, so credentials, recognition and the audit export cover them.
    await importRecords(db, seeded.records);
    deployment = { chainId: Number((await provider.getNetwork()).chainId), deployedAtBlock: seeded.deployedAtBlock, addresses: seeded.addresses };
    await writeFile(`${deploymentPath}.tmp`, JSON.stringify(deployment, null, 2) + "\n");
    await rename(`${deploymentPath}.tmp`, deploymentPath);
  }
  const keysPath = join(dataDir, "demo-api-keys.json");
  if ((await countApiKeys(db)) === 0) {
    const keys = {
      secretariat: (await createApiKey(db, { label: "demo secretariat", role: "secretariat" })).key,
      auditor: (await createApiKey(db, { label: "demo auditor", role: "auditor" })).key,
      members: Object.fromEntries(
        await Promise.all(DEMO_MEMBERS.map(async (m, i) => [m.name, (await createApiKey(db, { label: m.name, role: "member", memberId: i + 1 })).key])),
      ),
    };
    await writeFile(keysPath, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  }
  // Custodial signing for the demo members: their keys are kept encrypted with ALLIANCE_KEY_PASSPHRASE
  // (a lighter scrypt factor than production's, so the local demo starts quickly).
  if ((await db.query("custody.count", "SELECT member_id FROM custodial_keys")).length === 0) {
    // Member id 0 holds the secretariat's key (the bootstrap key here), members 1..n their own.
    for (let memberId = 0; memberId <= DEMO_MEMBERS.length; memberId++) {
      await storeCustodialKey(db, { memberId, passphrase: config.ALLIANCE_KEY_PASSPHRASE, privateKey: devWallet(memberId, provider).privateKey, scryptN: 1 << 14 });
    }
  }
  const signers = await loadCustodialSigners(db, { passphrase: config.ALLIANCE_KEY_PASSPHRASE, provider, addresses: deployment.addresses });
  const reader = createAllianceClient({ runner: provider, addresses: deployment.addresses });
  // If the node lost recent state (a kill -9 between flushes), anything it lost is anchored again.
  const reanchorLost = async () => {
    const { lost } = await verifyAnchoredBatches({ db, reader, logger: pino({ level: "warn" }) });
    if (lost.length) console.warn(`! the chain had lost ${lost.length} anchored batch(es); anchoring them again`);
  };
  await reanchorLost();
  afterNodeRestart = reanchorLost;
  const batcher = startBatcher({ db, signers, intervalMs: 2_000, logger: pino({ level: "warn" }) });
  // Catch the index up before serving (so /ready is true when the welcome prints), then follow the chain.
  await indexChain({ db, provider, addresses: deployment.addresses });
  const indexer = startIndexer({ db, provider, addresses: deployment.addresses, intervalMs: 1_000, logger: pino({ level: "warn" }) });
  const app = createServer({ db, provider, signers, indexing: true, reader, logger: pino({ level: "warn" }) });
  const server = app.listen(config.ALLIANCE_API_PORT, config.ALLIANCE_HOST);
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const address = server.address();
  const apiUrl = `http://${config.ALLIANCE_HOST}:${typeof address === "object" && address ? address.port : config.ALLIANCE_API_PORT}`;
  closeGateway = async () => {
    await batcher.stop();
    await indexer.stop();
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  };
  await printWelcome(provider, node.url, deployment.addresses, apiUrl, keysPath);
}

async function printWelcome(provider: JsonRpcProvider, rpcUrl: string, addresses: AllianceAddresses, apiUrl: string, keysPath: string) {
  const keys = JSON.parse(await readFile(keysPath, "utf8")) as { secretariat: string; auditor: string; members: Record<string, string> };
  const registry = AllianceRegistry__factory.connect(addresses.registry, provider);
  const block = await provider.getBlockNumber();
  const gw = apiUrl === "http://127.0.0.1:3000" ? "" : ` --gateway ${apiUrl}`;
  // A sample credential, named by course and leaf prefix (file names carry no student reference).
  const sample = join(dataDir, "credentials", (await readdir(join(dataDir, "credentials")).catch(() => [] as string[])).filter((f) => /^BIT-CS201-[0-9a-f]+\.json$/.test(f)).sort()[0] ?? "<file>.json");
  console.log(`
Alliance Ledger is running (local chain, block ${block}, ${await registry.activeMemberCount()} active members).

  API            ${apiUrl}   (docs ${apiUrl}/docs, OpenAPI ${apiUrl}/openapi.json)
  chain RPC      ${rpcUrl}   (chain id ${(await provider.getNetwork()).chainId})
  data           ${dataDir}   (state flushed every second; delete it to start over)
  contracts      ${deploymentPath}

Demo API keys (also in ${keysPath}):
  secretariat  ${keys.secretariat}
  auditor      ${keys.auditor}
${Object.entries(keys.members).map(([name, key]) => `  ${name.padEnd(40)} ${key}`).join("\n")}

Demo chain keys (anvil's public development mnemonic "${ANVIL_MNEMONIC}"; never use them on a real network):
  bootstrap key (secretariat, council, auditor, evaluation committee)  ${devWallet(0, provider).address}
${DEMO_MEMBERS.map((m, i) => `  member ${i + 1} ${m.name.padEnd(40)} ${devWallet(i + 1, provider).address}`).join("\n")}

Try next:
  curl ${apiUrl}/health
  curl -H "Authorization: Bearer ${keys.auditor}" ${apiUrl}/members
  curl -X POST -H "content-type: application/json" --data @${sample} ${apiUrl}/credentials/verify
  npx alliance verify ${sample}
  open ${join(dataDir, "reports", "period-1.csv")}   (period 1's reconciliation; its SHA-256 is on chain)
  ALLIANCE_API_KEY=${Object.values(keys.members)[1]} npx alliance recognise inbox${gw}   (as a registrar)
  ALLIANCE_API_KEY=${keys.secretariat} npx alliance periods reconcile 2${gw}   (as the secretariat)
  ALLIANCE_API_KEY=${keys.auditor} npx alliance export --out ${join(dataDir, "gateway-export.json")}${gw}   (as an auditor, then:)
  ALLIANCE_AUDITOR_KEY=${devWallet(9, provider).privateKey} \\
    npx alliance audit --export ${join(dataDir, "gateway-export.json")} --out ${join(dataDir, "audit")}

Stop with Ctrl-C.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
