import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { usage } from "../args.js";
import { EXIT_BAD_INPUT, EXIT_UNREACHABLE, fail } from "../fail.js";
import { unreadable } from "../files.js";
import { gatewayClient, gatewayFailure } from "../gateway.js";
import { isJson } from "../output.js";
import { rosterChunks } from "../rosterChunks.js";
import { rosterEncoding } from "../rosterEncoding.js";

const CHUNK_RECORDS = 1_000;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** A ZIP archive (an .xlsx workbook) and an OLE2 compound file (a legacy .xls workbook) start with these bytes. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** One request of a roster: its bytes, its content type, and where its records start in the file. */
interface RosterRequest {
  first: number;
  records?: number;
  body: Buffer;
  contentType: string;
}

function progress(done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} records`);
}

/**
 * The requests that submit a roster file, its bytes untouched for the gateway to decode: a workbook
 * whole; a CSV in an encoding the gateway will read (see rosterEncoding) in chunks of 1,000 records,
 * each naming that charset; any other file whole, with no charset, for the gateway to refuse in its
 * own words.
 */
async function rosterRequests(path: string, bytes: Buffer): Promise<RosterRequest[]> {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return [{ first: 0, body: bytes, contentType: XLSX }];
  if (bytes.subarray(0, 8).equals(OLE2_MAGIC))
    usage(`${path} is an Excel 97-2003 workbook (.xls): save it as .xlsx, or as CSV (UTF-8 or GBK)`);
  const encoding = await rosterEncoding(bytes);
  if (!encoding) return [{ first: 0, body: bytes, contentType: "text/csv" }];
  const { records, chunks } = rosterChunks(bytes, encoding, CHUNK_RECORDS);
  if (records === 0) usage(`${path} has no records under its header`);
  return chunks.map((c) => ({ ...c, contentType: `text/csv; charset=${encoding}` }));
}

/**
 * `alliance attest <roster>`: submits a term's roster to the gateway in chunks with a progress bar.
 * Each chunk's Idempotency-Key is derived from the file's contents, so running the command again after
 * an interruption resubmits nothing twice.
 */
export function registerAttestCommand(program: Command) {
  program
    .command("attest")
    .argument(
      "<roster>",
      "CSV with a header homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate, saved as UTF-8 (with or without BOM), GBK/GB18030 or UTF-16; or an .xlsx workbook",
    )
    .description("submit a term's attestations (a roster) through the gateway")
    .option("--gateway <url>", "the gateway's URL", process.env.ALLIANCE_GATEWAY_URL ?? "http://127.0.0.1:3000")
    .option("--api-key-env <name>", "environment variable holding the member's API key", "ALLIANCE_API_KEY")
    .option("--out <file>", "write the accepted attestation ids here (JSON)")
    .action(async (path: string, o: { gateway: string; apiKeyEnv: string; out?: string }) => {
      const gateway = await gatewayClient(o);
      const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => unreadable(path, e));
      const requests = await rosterRequests(path, bytes);
      const fileHash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
      const total = requests.every((r) => r.records !== undefined)
        ? requests.reduce((n, r) => n + (r.records ?? 0), 0)
        : undefined;
      // A progress bar for people; none with --json, so stderr holds nothing but a failure's JSON.
      const bar = total !== undefined && !isJson(program) ? (done: number) => progress(done, total) : undefined;
      const ids: string[] = [];
      bar?.(0);
      for (const r of requests) {
        try {
          const accepted = await gateway.submitRoster({
            bytes: r.body,
            contentType: r.contentType,
            idempotencyKey: `roster-${fileHash}-${r.first}`,
          });
          ids.push(...accepted.ids);
        } catch (error) {
          if (bar) process.stderr.write("\n");
          const { failure, status } = await gatewayFailure(error, o);
          // The gateway counts lines within the chunk it was sent; these are the file's.
          const details = (failure.details ?? []).map((d) => {
            const row = (d as { row?: unknown }).row;
            return typeof row === "number" ? { ...(d as object), row: row + r.first } : d;
          }) as Array<{ row?: number; column?: string; message?: string }>;
          const located = status !== undefined && details.some((d) => d.row !== undefined);
          fail(
            {
              ...failure,
              headline: status === undefined ? failure.headline : `${path}: ${failure.message}`,
              details,
              detailLines: located
                ? details.map(
                    (d) =>
                      `line ${d.row ?? "?"}${d.column ? `, column ${d.column}` : ""}: ${d.message ?? JSON.stringify(d)}`,
                  )
                : undefined,
            },
            status === undefined || status >= 500 ? EXIT_UNREACHABLE : EXIT_BAD_INPUT,
          );
        }
        bar?.(r.first + (r.records ?? 0));
      }
      if (bar) process.stderr.write("\n");
      if (o.out) await writeFile(o.out, `${JSON.stringify(ids, null, 2)}\n`);
      if (isJson(program)) console.log(JSON.stringify({ accepted: ids.length, ids }));
      else
        console.log(
          `${ids.length} attestations accepted; they are anchored within seconds (credentials: GET /attestations/{id}/credential)`,
        );
    });
}
