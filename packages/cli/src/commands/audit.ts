import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Wallet } from "ethers";
import type { AuditExport, AuditScope } from "@alliance-ledger/sdk";
import { usage } from "../args.js";
import { connect, readDeployment } from "../connect.js";

/** `alliance audit`: the full audit, with progress, writing the report and a signed evidence package. */
export function registerAuditCommand(program: Command) {
  program
    .command("audit")
    .description("audit the ledger from its chain events, and the off-chain export against the chain")
    .option("--deployment <file>", "contract addresses", "data/deployment.json")
    .option("--export <file>", "the off-chain records to check (gateway export); without it only the chain is audited")
    .option(
      "--scope <scope>",
      "narrow the audit, e.g. 'issuers=1,2;members=3;periods=1-2' (default: everything on chain; the export never narrows it)",
    )
    .option("--out <dir>", "where to write the evidence package", "audit-evidence")
    .option(
      "--auditor-key-env <name>",
      "environment variable holding the auditor's private key (signs the package)",
      "ALLIANCE_AUDITOR_KEY",
    )
    .action(
      async (options: { deployment: string; export?: string; scope?: string; out: string; auditorKeyEnv: string }) => {
        const { rpc, json } = program.opts<{ rpc: string; json?: boolean }>();
        const { auditLedger, parseAuditExport, parseAuditScope, writeEvidencePackage } = await import(
          "@alliance-ledger/sdk"
        );
        const { Wallet } = await import("ethers");
        const key = process.env[options.auditorKeyEnv];
        if (!key) usage(`set ${options.auditorKeyEnv} to the auditor's private key: it signs the evidence package`);
        let auditor: Wallet;
        try {
          auditor = new Wallet(key);
        } catch {
          usage(`${options.auditorKeyEnv} is not a private key (expected 0x and 64 hex digits)`);
        }
        let scope: AuditScope | undefined;
        try {
          scope = options.scope === undefined ? undefined : parseAuditScope(options.scope);
        } catch (error) {
          usage(`--scope: ${(error as Error).message}`);
        }
        let exported: AuditExport | undefined;
        if (options.export) {
          try {
            exported = parseAuditExport(await readFile(options.export, "utf8"));
          } catch (error) {
            usage(`${options.export}: ${(error as Error).message}`, [{ file: options.export }]);
          }
        }
        const addresses = await readDeployment(options.deployment);
        const provider = await connect(rpc);
        const report = await auditLedger({
          provider,
          addresses,
          export: exported,
          scope,
          onProgress: json ? undefined : (phase, detail) => process.stderr.write(`\r${phase}: ${detail}`.padEnd(70)),
        });
        provider.destroy();
        const manifest = await writeEvidencePackage({ dir: options.out, report, auditor });
        if (json) console.log(JSON.stringify({ report, manifest }, null, 2));
        else {
          process.stderr.write("\n");
          const scopeText = Object.entries(report.scope)
            .map(([k, v]) => `${k.replace("Ids", "s")} ${v === "all" ? "all on chain" : v.join(",")}`)
            .join("; ");
          console.log(`scope: ${scopeText}`);
          console.log(
            `audited blocks ${report.fromBlock}-${report.toBlock}: ${Object.entries(report.counts)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ")}`,
          );
          for (const d of report.discrepancies)
            console.log(`  ${d.code.padEnd(28)} ${d.recordType} ${d.recordId}: ${d.message}`);
          console.log(report.passed ? "no discrepancies" : `${report.discrepancies.length} discrepancies`);
          console.log(`evidence package: ${options.out} (signed by ${manifest.auditor})`);
        }
        process.exit(report.passed ? 0 : 1);
      },
    );
}
