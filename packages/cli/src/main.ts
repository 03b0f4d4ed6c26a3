import { Command } from "commander";
// Commands load the SDK and ethers inside their actions (`await import(...)`), not at the top of their
// modules: `alliance --help` and usage errors then start in a fraction of the ~0.8 s those imports take.
import { registerAttestCommand } from "./commands/attest.js";
import { registerAuditCommand } from "./commands/audit.js";
import { registerNetworkCommands } from "./commands/network.js";
import { registerVerifyCommand } from "./commands/verify.js";
import { registerMemberCommands } from "./commands/members.js";
import { registerCourseCommands } from "./commands/courses.js";
import { registerRecogniseCommands } from "./commands/recognise.js";
import { registerContributionCommands } from "./commands/contributions.js";
import { registerPeriodCommands } from "./commands/periods.js";
import { registerExportCommand } from "./commands/export.js";
import { registerCredentialsCommand } from "./commands/credentials.js";

/** Exit codes: 0 done and valid, 1 checked and found invalid, 2 bad usage or input, 3 node or gateway unreachable, 4 refused by the ledger's rules. */
const program = new Command("alliance")
  .description("Alliance Ledger from the command line")
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

Example: ALLIANCE_API_KEY=<key> alliance recognise inbox`,
  );

registerVerifyCommand(program);
registerAttestCommand(program);
registerAuditCommand(program);
registerNetworkCommands(program);
registerMemberCommands(program);
registerCourseCommands(program);
registerRecogniseCommands(program);
registerContributionCommands(program);
registerPeriodCommands(program);
registerExportCommand(program);
registerCredentialsCommand(program);

await program.parseAsync();
