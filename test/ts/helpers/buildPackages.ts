import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Vitest global set-up: brings packages/*\/dist up to date (`tsc -b`, incremental: about a second when nothing
 * changed), because some tests run what a user runs: the CLI's bin and the packed SDK use the built JavaScript.
 */
export default function buildPackages(): void {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-b", `${root}tsconfig.build.json`], {
    stdio: "inherit",
  });
}
