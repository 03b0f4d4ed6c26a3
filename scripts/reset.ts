import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";

/**
 * `npm run reset`: deletes the local alliance's data directory (chain state, gateway database, keys,
 * credentials) after the user types its name back; `npm run reset -- --yes` skips the question.
 */
const dir = resolve(process.env.ALLIANCE_DATA_DIR ?? "./data");
const exists = await stat(dir).then(
  () => true,
  () => false,
);
if (!exists) {
  console.log(`nothing to reset: ${dir} does not exist`);
  process.exit(0);
}
if (!process.argv.includes("--yes")) {
  if (!process.stdin.isTTY) {
    console.error(`refusing to delete ${dir} without confirmation: run in a terminal, or pass --yes`);
    process.exit(2);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(
    `This deletes every record of the local alliance in ${dir} (chain, gateway, keys, credentials).\nType "reset" to confirm: `,
  );
  rl.close();
  if (answer.trim() !== "reset") {
    console.log("not reset");
    process.exit(1);
  }
}
await rm(dir, { recursive: true, force: true });
console.log(`deleted ${dir}; the next npm start seeds a fresh demo alliance`);
