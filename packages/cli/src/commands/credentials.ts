import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { usage } from "../args.js";
import { gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printResult } from "../output.js";

/** A course code as a file name: letters, digits, dot, dash and underscore only. */
const safeName = (code: string) => code.replace(/[^\w.-]/g, "_").slice(0, 100) || "course";

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
    // Files are named as the gateway's archive names them, by course code and place in the batch
    // (BIT-CS201-01.json), never by the student's reference: names end up in banners, logs and histories.
    const { items, codes } = await withGateway(o, async (g) => {
      const { items } = await g.batchCredentials(root);
      const ids = items.map((f) => Number(f.attestation.courseId));
      return { items, codes: await createLookups(g).courseCodes(ids) };
    });
    await mkdir(o.out, { recursive: true });
    const width = Math.max(2, String(items.length).length);
    const written: string[] = [];
    for (const [i, file] of items.entries()) {
      const courseId = Number(file.attestation.courseId);
      const name = `${safeName(codes.get(courseId) ?? `course-${courseId}`)}-${String(i + 1).padStart(width, "0")}.json`;
      const path = join(o.out, name);
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
