import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";

const CHUNK_LINES = 1_000;

function progress(done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} records`);
}

/**
 * `alliance attest <roster.csv>`: submits a term's roster to the gateway in chunks with a progress bar.
 * Each chunk's Idempotency-Key is derived from the file's contents, so running the command again after
 * an interruption resubmits nothing twice.
 */
export function registerAttestCommand(program: Command) {
  program
    .command("attest")
    .argument(
      "<roster>",
      "CSV with a header: homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate",
    )
    .description("submit a term's attestations (CSV roster) through the gateway")
    .option("--gateway <url>", "the gateway's URL", process.env.ALLIANCE_GATEWAY_URL ?? "http://127.0.0.1:3000")
    .option("--api-key-env <name>", "environment variable holding the member's API key", "ALLIANCE_API_KEY")
    .option("--out <file>", "write the accepted attestation ids here (JSON)")
    .action(async (path: string, o: { gateway: string; apiKeyEnv: string; out?: string }) => {
      const { createGatewayClient, GatewayError } = await import("@alliance-ledger/sdk");
      const apiKey = process.env[o.apiKeyEnv];
      if (!apiKey) {
        console.error(`set ${o.apiKeyEnv} to your school's API key (issued by the secretariat)`);
        process.exit(2);
      }
      const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
        console.error(`cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
        process.exit(2);
      });
      const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== "");
      if (!header || lines.length === 0) {
        console.error(`${path} has no records under its header`);
        process.exit(2);
      }
      const fileHash = createHash("sha256").update(text).digest("hex").slice(0, 16);
      const gateway = createGatewayClient({ baseUrl: o.gateway, apiKey });
      const ids: string[] = [];
      progress(0, lines.length);
      for (let start = 0; start < lines.length; start += CHUNK_LINES) {
        const chunk = lines.slice(start, start + CHUNK_LINES);
        try {
          const r = await gateway.submitRosterCsv({
            csv: `${[header, ...chunk].join("\n")}\n`,
            idempotencyKey: `roster-${fileHash}-${start}`,
          });
          ids.push(...r.ids);
        } catch (error) {
          process.stderr.write("\n");
          if (error instanceof GatewayError) {
            console.error(`${path}: ${error.message}`);
            for (const d of error.errorDetails as Array<{ row?: number; column?: string; message?: string }>) {
              console.error(
                `  line ${d.row !== undefined ? d.row + start : "?"}${d.column ? `, column ${d.column}` : ""}: ${d.message ?? JSON.stringify(d)}`,
              );
            }
            process.exit(error.status < 500 ? 2 : 3);
          }
          console.error(`cannot reach the gateway at ${o.gateway}: ${(error as Error).message}`);
          process.exit(3);
        }
        progress(Math.min(start + CHUNK_LINES, lines.length), lines.length);
      }
      process.stderr.write("\n");
      if (o.out) await writeFile(o.out, `${JSON.stringify(ids, null, 2)}\n`);
      if (program.opts().json) console.log(JSON.stringify({ accepted: ids.length, ids }));
      else
        console.log(
          `${ids.length} attestations accepted; they are anchored within seconds (credentials: GET /attestations/{id}/credential)`,
        );
    });
}
