import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { JsonRpcProvider } from "ethers";
import { z } from "zod";
import pino from "pino";
import {
  countApiKeys,
  createApiKey,
  createDatabase,
  gatewayConfigOf,
  LocalAllianceSettings,
  importRecords,
  keepCourseText,
  loadCustodialSigners,
  parseSettings,
  startGateway,
  storeCustodialKey,
} from "@alliance-ledger/api";
import { AllianceRegistry__factory, type AllianceAddresses } from "@alliance-ledger/sdk";
import {
  ANVIL_MNEMONIC,
  devWallet,
  newestGoodSnapshot,
  snapshotAnvilState,
  startAnvil,
} from "@alliance-ledger/sdk/testing";
import { DEMO_MEMBERS, seedDemoAlliance } from "./demo/seedDemoAlliance.js";

/**
 * `npm start`: the embedded local alliance. A local anvil node whose state persists under the data
 * directory (a snapshot every ALLIANCE_STATE_INTERVAL_SECONDS, written to a new file and renamed, the
 * previous one kept), the contracts deployed once (addresses kept in deployment.json, never redeployed
 * on restart), and a demo alliance seeded on first start.
 */
// The gateway's settings (the same names packages/api/src/main.ts reads), plus the local node's.
let settings: ReturnType<typeof parseLocalSettings>;
try {
  settings = parseLocalSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const config = { ...settings, gateway: gatewayConfigOf(settings) };

function parseLocalSettings() {
  return parseSettings(LocalAllianceSettings, process.env);
}
const dataDir = config.gateway.dataDir;
const chainDir = join(dataDir, "chain");
const statePath = join(chainDir, "state.json");
const deploymentPath = join(dataDir, "deployment.json");

const DeploymentSchema = z.object({
  chainId: z.number(),
  deployedAtBlock: z.number(),
  addresses: z.object({
    registry: z.string(),
    catalog: z.string(),
    creditLedger: z.string(),
    costLedger: z.string(),
    forwarder: z.string(),
    resourceExchange: z.string().optional(),
    memberGateways: z.string().optional(),
  }),
});

async function main() {
  await mkdir(chainDir, { recursive: true });
  const startNode = async (port: number) => {
    const snapshot = await newestGoodSnapshot(statePath);
    if (snapshot && snapshot !== statePath)
      console.warn(`! ${statePath} is missing or damaged (an interrupted write); starting from the snapshot before it`);
    return startAnvil({ host: config.gateway.host, port, loadStateFile: snapshot, preserveHistoricalStates: true });
  };
  let node = await startNode(config.ALLIANCE_CHAIN_PORT);
  let nodeStartedAt = Date.now();
  const provider = new JsonRpcProvider(node.url, undefined, {
    staticNetwork: true,
    batchMaxCount: 1,
    pollingInterval: 50,
    cacheTimeout: -1,
  });
  let closeGateway = async () => {};
  let stopping = false;
  // Set once the gateway runs: sends again whatever a restarted node lost.
  let afterNodeRestart = async () => {};
  // Snapshots of the node's state, one at a time; a failed one (the node is down) is retried at the next tick.
  let snapshotting: Promise<unknown> = Promise.resolve();
  const snapshot = () =>
    (snapshotting = snapshotting.then(() => snapshotAnvilState(provider, statePath)).catch(() => undefined));
  const snapshots = setInterval(snapshot, config.ALLIANCE_STATE_INTERVAL_SECONDS * 1000);
  const stop = async () => {
    stopping = true;
    console.log("\nstopping: the node's state is written to disk...");
    clearInterval(snapshots);
    await closeGateway();
    await snapshot();
    provider.destroy();
    await node.stop();
    process.exit(0);
  };
  // A supervisor: if the node dies (killed, crashed), start it again on the same port from its last
  // snapshot; the gateway keeps accepting records meanwhile and sends again whatever the node lost.
  // A node that exits by itself within seconds of starting, three times running, is crash-looping: give
  // up. One killed by a signal (an operator, the OOM killer) is always started again.
  let quickDeaths = 0;
  const supervise = () =>
    node.process.once("exit", (code, signal) => {
      if (stopping) return;
      quickDeaths = signal === null && Date.now() - nodeStartedAt < 10_000 ? quickDeaths + 1 : 0;
      if (quickDeaths >= 3) {
        console.error(
          "! the chain node stopped 3 times within seconds of starting; giving up. Nothing acknowledged is lost: fix the cause, then run npm start again.",
        );
        void closeGateway().finally(() => process.exit(1));
        return;
      }
      console.warn(`! the chain node stopped (${signal ?? `exit code ${code}`}); restarting it from its last snapshot`);
      void (async () => {
        node = await startNode(node.port);
        nodeStartedAt = Date.now();
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
  const db = await createDatabase(config.gateway);
  let deployment = await readFile(deploymentPath, "utf8")
    .then((t) => DeploymentSchema.parse(JSON.parse(t)))
    .catch(() => undefined);
  if (deployment && !deployment.addresses.memberGateways) {
    // Contracts from before the charter terms and the gateway directory: this code cannot run on them.
    console.error(
      `! ${deploymentPath} names contracts from an older Alliance Ledger (no member gateway directory, an older cost ledger).\n` +
        "  Run `npm run reset` to delete the local alliance's data and start over with the current contracts.",
    );
    stopping = true;
    clearInterval(snapshots);
    await db.close();
    provider.destroy();
    await node.stop();
    process.exit(1);
  }
  if (deployment && (await provider.getCode(deployment.addresses.registry)) === "0x") {
    console.warn(`! ${deploymentPath} names contracts the node does not have (its state was lost); deploying again`);
    deployment = undefined;
  }
  if (!deployment) {
    console.log("first start: deploying the contracts and seeding the demo alliance");
    const seeded = await seedDemoAlliance(provider, dataDir, (line) => console.log(`  ${line}`));
    // The gateway's books take the demo's records, so credentials, recognition and the audit export cover them.
    await importRecords(db, seeded.records);
    for (const c of seeded.courseTexts) await keepCourseText(db, c.courseId, c.version, c.text);
    deployment = {
      chainId: Number((await provider.getNetwork()).chainId),
      deployedAtBlock: seeded.deployedAtBlock,
      addresses: seeded.addresses,
    };
    await writeFile(`${deploymentPath}.tmp`, `${JSON.stringify(deployment, null, 2)}\n`);
    await rename(`${deploymentPath}.tmp`, deploymentPath);
  }
  const keysPath = join(dataDir, "demo-api-keys.json");
  if ((await countApiKeys(db)) === 0) {
    const keys = {
      secretariat: (await createApiKey(db, { label: "demo secretariat", role: "secretariat" })).key,
      auditor: (await createApiKey(db, { label: "demo auditor", role: "auditor" })).key,
      members: Object.fromEntries(
        await Promise.all(
          DEMO_MEMBERS.map(async (m, i) => [
            m.name,
            (await createApiKey(db, { label: m.name, role: "member", memberId: i + 1 })).key,
          ]),
        ),
      ),
    };
    await writeFile(keysPath, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  // Custodial signing for the demo members: their keys are kept encrypted with ALLIANCE_KEY_PASSPHRASE
  // (a lighter scrypt factor than production's, so the local demo starts quickly).
  if ((await db.query("custody.count", "SELECT member_id FROM custodial_keys")).length === 0) {
    // Member id 0 holds the secretariat's key (the bootstrap key here), members 1..n their own.
    for (let memberId = 0; memberId <= DEMO_MEMBERS.length; memberId++) {
      await storeCustodialKey(db, {
        memberId,
        passphrase: config.ALLIANCE_KEY_PASSPHRASE,
        privateKey: devWallet(memberId, provider).privateKey,
        scryptN: 1 << 14,
      });
    }
  }
  const signers = await loadCustodialSigners(db, {
    passphrase: config.ALLIANCE_KEY_PASSPHRASE,
    provider,
    addresses: deployment.addresses,
  });
  // The first snapshot as soon as the contracts are there, so a node killed from now on comes back with them.
  await snapshot();
  // The gateway first sends again whatever a node that lost state no longer has, then serves. Request
  // logs (one line per request, at info) go to a file, so the console keeps to what people need.
  const gateway = await startGateway({
    config: config.gateway,
    db,
    provider,
    addresses: deployment.addresses,
    signers,
    logger: pino({ level: "warn" }),
    requestLogger: pino({ level: "info" }, pino.destination({ dest: join(dataDir, "gateway.log"), mkdir: true })),
  });
  const reportLost = ({ lostBatches, resent, needsPerson }: Awaited<ReturnType<typeof gateway.passNow>>) => {
    if (lostBatches.length)
      console.warn(`! the chain had lost ${lostBatches.length} anchored batch(es); anchoring them again`);
    if (resent.length)
      console.warn(`! the chain had lost ${resent.length} acknowledged write(s); each was sent again once`);
    if (needsPerson.length)
      console.warn(
        `! ${needsPerson.length} lost write(s) can no longer apply and need a person: GET /chain-writes?status=needs_person`,
      );
  };
  reportLost(gateway.firstPass);
  afterNodeRestart = async () => reportLost(await gateway.passNow());
  const apiUrl = gateway.url;
  closeGateway = async () => {
    await gateway.stop();
    await db.close();
  };
  await printWelcome(provider, node.url, deployment.addresses, apiUrl, keysPath);
}

async function printWelcome(
  provider: JsonRpcProvider,
  rpcUrl: string,
  addresses: AllianceAddresses,
  apiUrl: string,
  keysPath: string,
) {
  const keys = JSON.parse(await readFile(keysPath, "utf8")) as {
    secretariat: string;
    auditor: string;
    members: Record<string, string>;
  };
  const registry = AllianceRegistry__factory.connect(addresses.registry, provider);
  const block = await provider.getBlockNumber();
  const gw = apiUrl === "http://127.0.0.1:3000" ? "" : ` --gateway ${apiUrl}`;
  console.log(`
Alliance Ledger is running (local chain, block ${block}, ${await registry.activeMemberCount()} active members).

  Console        ${apiUrl}/   (open it in a browser: registrars, secretariat and auditors sign in with a key below; anyone verifies a credential)
  API            ${apiUrl}   (docs ${apiUrl}/docs, OpenAPI ${apiUrl}/openapi.json)
  chain RPC      ${rpcUrl}   (chain id ${(await provider.getNetwork()).chainId})
  data           ${dataDir}   (chain state snapshot every ${config.ALLIANCE_STATE_INTERVAL_SECONDS} s; delete it to start over)
  request log    ${join(dataDir, "gateway.log")}   (one JSON line per request: method, path, status, duration, member)
  contracts      ${deploymentPath}

Demo API keys (also in ${keysPath}):
  secretariat  ${keys.secretariat}
  auditor      ${keys.auditor}
${Object.entries(keys.members)
  .map(([name, key]) => `  ${name.padEnd(40)} ${key}`)
  .join("\n")}

Demo chain keys (anvil's public development mnemonic "${ANVIL_MNEMONIC}"; never use them on a real network):
  bootstrap key (secretariat, council, auditor, evaluation committee)  ${devWallet(0, provider).address}
${DEMO_MEMBERS.map((m, i) => `  member ${i + 1} ${m.name.padEnd(40)} ${devWallet(i + 1, provider).address}`).join("\n")}

Try next:
  curl ${apiUrl}/health
  curl -H "Authorization: Bearer ${keys.auditor}" ${apiUrl}/members
  curl -X POST -H "content-type: application/json" --data @${join(dataDir, "credentials", "BIT-CS201-01.json")} ${apiUrl}/credentials/verify
  npx alliance verify ${join(dataDir, "credentials", "BIT-CS201-01.json")}
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
