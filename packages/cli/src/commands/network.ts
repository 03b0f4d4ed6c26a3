import type { Command } from "commander";
import { usage } from "../args.js";
import { connect, readDeployment } from "../connect.js";

/** `alliance network ...`: the production recipe for a Hyperledger Besu QBFT network. */
export function registerNetworkCommands(program: Command) {
  const network = program.command("network").description("Hyperledger Besu QBFT network: genesis, keys, permissioning");

  network
    .command("generate")
    .description("write genesis.json, node keys, static nodes and permissions for N member validators")
    .requiredOption("--validators <n>", "number of validators (one per member school or region)", (v) =>
      Number.parseInt(v, 10),
    )
    .option("--chain-id <id>", "chain id", (v) => Number.parseInt(v, 10), 20261)
    .option("--out <dir>", "output directory", "besu-network")
    .option("--host <host>", "host in static-nodes.json", "127.0.0.1")
    .action(async (o: { validators: number; chainId: number; out: string; host: string }) => {
      const { generateBesuNetwork } = await import("@alliance-ledger/sdk");
      if (!Number.isInteger(o.validators) || o.validators < 1)
        usage("--validators must be a positive whole number, e.g. --validators 4");
      const { nodes } = await generateBesuNetwork({
        validators: o.validators,
        chainId: o.chainId,
        dir: o.out,
        host: o.host,
      });
      if (program.opts().json) console.log(JSON.stringify({ dir: o.out, nodes }, null, 2));
      else {
        console.log(`wrote a ${nodes.length}-validator QBFT network (chain id ${o.chainId}) to ${o.out}`);
        for (const n of nodes) console.log(`  ${n.name}  validator ${n.address}`);
        console.log("node keys are secrets: move each nodeN/key to that member's validator host; never commit them");
      }
    });

  network
    .command("sync-allowlist")
    .description("make every node's account allowlist exactly the AllianceRegistry's active keys and role holders")
    .option("--deployment <file>", "contract addresses", "data/deployment.json")
    .requiredOption("--node <url...>", "JSON-RPC URL of each Besu node (PERM API enabled)")
    .option("--always <address...>", "accounts to keep allowed regardless (validators)", [])
    .action(async (o: { deployment: string; node: string[]; always: string[] }) => {
      const { syncAccountAllowlists } = await import("@alliance-ledger/sdk");
      const { rpc, json } = program.opts<{ rpc: string; json?: boolean }>();
      const addresses = await readDeployment(o.deployment);
      const provider = await connect(rpc);
      const changes = await syncAccountAllowlists({
        registry: addresses.registry,
        provider,
        nodes: o.node,
        alwaysAllowed: o.always,
      });
      provider.destroy();
      if (json) console.log(JSON.stringify(changes, null, 2));
      else
        for (const c of changes)
          console.log(
            `${c.node}: +${c.added.length} -${c.removed.length}${[...c.added.map((a) => `\n  + ${a}`), ...c.removed.map((a) => `\n  - ${a}`)].join("")}`,
          );
    });
}
