import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { parseCredentialFile } from "@alliance-ledger/sdk";
import { usage } from "../args.js";
import { connect, readDeployment } from "../connect.js";
import { EXIT_BAD_INPUT, fail } from "../fail.js";
import { unreadable } from "../files.js";

const MARK = { pass: "ok  ", fail: "FAIL", info: "info", skipped: "skip" } as const;

/** `alliance verify <credential.json>`: every check of a credential file against a chain node. */
export function registerVerifyCommand(program: Command) {
  program
    .command("verify")
    .argument("<credential>", "a credential file (JSON) as issued to a student")
    .description(
      "verify a credit credential against this alliance's own ledger: proof, anchoring, issuer standing, course, revocation, recognition",
    )
    .option(
      "--deployment <file>",
      "the alliance's deployment file: its credit ledger is the only one trusted",
      "data/deployment.json",
    )
    .option("--credit-ledger <address>", "the alliance's credit ledger address, instead of reading the deployment file")
    .action(async (path: string, options: { deployment: string; creditLedger?: string }) => {
      const { InvalidCredentialFileError, parseCredentialFile, verifyCredential } = await import(
        "@alliance-ledger/sdk"
      );
      const { isAddress } = await import("ethers");
      const { rpc, json } = program.opts<{ rpc: string; json?: boolean }>();
      const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => unreadable(path, e));
      let file: ReturnType<typeof parseCredentialFile>;
      try {
        file = parseCredentialFile(text);
      } catch (e) {
        if (e instanceof InvalidCredentialFileError) {
          fail(
            { code: "invalid_credential_file", message: `${path}: ${e.shortMessage}`, details: e.problems },
            EXIT_BAD_INPUT,
          );
        }
        throw e;
      }
      const creditLedger = options.creditLedger ?? (await readDeployment(options.deployment)).creditLedger;
      if (!isAddress(creditLedger)) usage(`--credit-ledger: not an address: ${creditLedger}`);
      const provider = await connect(rpc);
      // Pinned to the alliance's deployment: a file naming a look-alike ledger fails "deployment".
      const result = await verifyCredential(file, provider, {
        chainId: Number((await provider.getNetwork()).chainId),
        creditLedger,
      });
      provider.destroy();
      if (json) console.log(JSON.stringify(result, null, 2));
      else {
        for (const c of result.checks) console.log(`${MARK[c.outcome]}  ${c.name.padEnd(15)} ${c.reason}`);
        console.log(result.valid ? "\nvalid credential" : "\nNOT valid");
      }
      process.exit(result.valid ? 0 : 1);
    });
}
