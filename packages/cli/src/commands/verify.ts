import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { InvalidCredentialFileError, parseCredentialFile, verifyCredential } from "@alliance-ledger/sdk";
import { connect } from "../connect.js";

const MARK = { pass: "ok  ", fail: "FAIL", info: "info", skipped: "skip" } as const;

/** `alliance verify <credential.json>`: every check of a credential file against a chain node. */
export function registerVerifyCommand(program: Command) {
  program
    .command("verify")
    .argument("<credential>", "a credential file (JSON) as issued to a student")
    .description("verify a credit credential: proof, anchoring, issuer standing, revocation, recognition")
    .action(async (path: string) => {
      const { rpc, json } = program.opts<{ rpc: string; json?: boolean }>();
      const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
        console.error(`cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
        process.exit(2);
      });
      let file;
      try {
        file = parseCredentialFile(text);
      } catch (e) {
        if (e instanceof InvalidCredentialFileError) {
          console.error(`${path}: ${e.shortMessage}\n${e.problems.map((p) => `  ${p}`).join("\n")}`);
          process.exit(2);
        }
        throw e;
      }
      const provider = await connect(rpc);
      const result = await verifyCredential(file, provider);
      provider.destroy();
      if (json) console.log(JSON.stringify(result, null, 2));
      else {
        for (const c of result.checks) console.log(`${MARK[c.outcome]}  ${c.name.padEnd(15)} ${c.reason}`);
        console.log(result.valid ? "\nvalid credential" : "\nNOT valid");
      }
      process.exit(result.valid ? 0 : 1);
    });
}
