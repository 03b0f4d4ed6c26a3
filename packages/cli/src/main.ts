import { Command } from "commander";
import { EXIT_BAD_INPUT, fail, failureText, wantsJson } from "./fail.js";
// Commands load the SDK and ethers inside their actions (`await import(...)`), not at the top of their
// modules: `alliance --help` and usage errors then start in a fraction of the ~0.8 s those imports take.
import { registerAttestCommand } from "./commands/attest.js";
import { registerAuditCommand } from "./commands/audit.js";
import { registerNetworkCommands } from "./commands/network.js";
import { registerVerifyCommand } from "./commands/verify.js";
import { registerCharterCommands } from "./commands/charter.js";
import { registerMemberCommands } from "./commands/members.js";
import { registerCourseCommands } from "./commands/courses.js";
import { registerResourceCommands } from "./commands/resources.js";
import { registerRecogniseCommands } from "./commands/recognise.js";
import { registerContributionCommands } from "./commands/contributions.js";
import { registerPeriodCommands } from "./commands/periods.js";
import { registerExportCommand } from "./commands/export.js";
import { registerCredentialsCommand } from "./commands/credentials.js";

/** Exit codes: 0 done and valid, 1 checked and found invalid, 2 bad usage or input, 3 node or gateway unreachable, 4 refused by the ledger's rules. */
const program = new Command("alliance")
  .description("Alliance Ledger from the command line")
  // Before any command is added, so every command inherits them: commander's own usage errors (an
  // unknown option, a missing argument) exit 2 like the CLI's other bad input, and with --json they
  // are one JSON object like every other failure.
  .configureOutput({
    writeErr: (text) => {
      if (!wantsJson()) process.stderr.write(text);
    },
  })
  .exitOverride((error) => {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") process.exit(error.exitCode);
    const message =
      error.code === "commander.help"
        ? "a command is missing: --help lists them"
        : error.message.replace(/^error: /, "");
    if (wantsJson()) console.error(failureText({ code: "invalid_usage", message, details: [] }, true));
    process.exit(EXIT_BAD_INPUT);
  })
  .option(
    "--rpc <url>",
    "JSON-RPC URL of any node of the alliance's chain",
    process.env.ALLIANCE_RPC_URL ?? "http://127.0.0.1:8545",
  )
  .option("--json", "machine-readable output")
  .addHelpText(
    "after",
    `
Gateway commands read your API key from ALLIANCE_API_KEY and the gateway from --gateway
(default ALLIANCE_GATEWAY_URL or http://127.0.0.1:3000); verify and audit read the chain (--rpc).

Exit codes: 0 done (and valid), 1 checked and found invalid, 2 bad input or key,
3 node or gateway unreachable, 4 refused by the ledger's rules.

Tables show members by name, courses by code, credits as on a transcript (2.5) and money in
the period's currency (CNY 1,713,456.00). Lists show up to 500 items (--limit, --offset);
a footer gives the total and the next page's --offset when there are more.

With --json: results go to stdout as JSON with the raw values (ids, minor units), and any
failure goes to stderr as one JSON object, {"error":{"code","message","details"}}, with the
exit codes above. Codes are the gateway's (e.g. roster_encoding_unknown) or the CLI's own:
invalid_usage, api_key_missing, file_unreadable, gateway_unreachable, chain_unreachable.

Example: ALLIANCE_API_KEY=<key> alliance recognise inbox`,
  );

registerVerifyCommand(program);
registerAttestCommand(program);
registerAuditCommand(program);
registerNetworkCommands(program);
registerMemberCommands(program);
registerCourseCommands(program);
registerResourceCommands(program);
registerRecogniseCommands(program);
registerContributionCommands(program);
registerPeriodCommands(program);
registerCharterCommands(program);
registerExportCommand(program);
registerCredentialsCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  // A failure nothing above foresaw: with --json it is still one JSON object (exit 1, as Node's own).
  if (!wantsJson()) throw error;
  fail({ code: "unexpected_error", message: (error as Error).message ?? String(error) }, 1);
}
