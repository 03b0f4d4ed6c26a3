import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { usage } from "../args.js";
import { gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { printResult } from "../output.js";

/** A file name from a student reference: letters, digits, dot, dash and underscore only. */
const safeName = (ref: string) => ref.replace(/[^\w.-]/g, "_").slice(0, 100) || "credential";

/** `alliance credentials <batchRoot>`: the issuer writes one credential file per student of a batch, to hand out. */
export function registerCredentialsCommand(program: Command) {
  gatewayOptions(
    program
      .command("credentials")
      .argument("<batchRoot>", "the anchored batch (0x...; `GET /batches` lists them)")
      .description("issuer: write every student's credential file of a batch into a directory")
      .option("--out <dir>", "where to write them", "credentials"),
  ).action(async (root: string, o: GatewayOptions & { out: string }) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(root)) usage(`the batch root is 0x and 64 hex digits, got "${root}"`);
    const { items } = await withGateway(o, (g) => g.batchCredentials(root));
    await mkdir(o.out, { recursive: true });
    const written: string[] = [];
    for (const [i, file] of items.entries()) {
      const path = join(
        o.out,
        `${safeName(file.disclosures.learner?.value ?? `record-${i}`)}-${root.slice(2, 10)}.json`,
      );
      await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
      written.push(path);
    }
    printResult(
      program,
      { batchRoot: root, files: written },
      `wrote ${written.length} credential files to ${o.out}; each verifies with: alliance verify <file>`,
    );
  });
}
