import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import type { CredentialFile } from "@alliance-ledger/sdk";
import { positiveInt, usage } from "../args.js";
import { EXIT_BAD_INPUT, fail } from "../fail.js";
import { unreadable } from "../files.js";
import { gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printResult } from "../output.js";

/** A course code as a file name: letters, digits, dot, dash and underscore only. */
const safeName = (code: string) => code.replace(/[^\w.-]/g, "_").slice(0, 100) || "course";

/** The openings a holder may hide, as the gateway and the SDK name them. */
const HIDEABLE = ["learner", "grade", "completionDate"] as const;
type Hideable = (typeof HIDEABLE)[number];

/**
 * `alliance credentials`: the issuer downloads a batch's credential files (`download`, also the default,
 * so `alliance credentials <batchRoot>` keeps working); a holder hides openings (`hide`) or shares a
 * credential as a link (`share`).
 */
export function registerCredentialsCommand(program: Command) {
  const credentials = program
    .command("credentials")
    .description("credential files: download a batch's (issuer), hide the grade or date, share as a link");
  registerDownload(program, credentials);
  registerHide(program, credentials);
  registerShare(program, credentials);
}

/** `alliance credentials [download] <batchRoot>`: one credential file per student of a batch, to hand out. */
function registerDownload(program: Command, credentials: Command) {
  gatewayOptions(
    credentials
      .command("download", { isDefault: true })
      .argument("<batchRoot>", "the anchored batch (0x...; `GET /batches` lists them)")
      .description("issuer: write every student's credential file of a batch into a directory (the default)")
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

/** `alliance credentials hide FILE --grade --completion-date`: a copy without those openings, offline. */
function registerHide(program: Command, credentials: Command) {
  credentials
    .command("hide")
    .argument("<file>", "a credential file (JSON) as issued to a student")
    .description("write a copy of a credential without the student number, grade or completion date; it still verifies")
    .option("--learner", "hide the student number")
    .option("--grade", "hide the grade")
    .option("--completion-date", "hide the completion date")
    .option("--out <file>", "where to write the copy (default: FILE with -shared before .json)")
    .option("--force", "overwrite --out if it exists")
    .action(
      async (
        path: string,
        o: { learner?: boolean; grade?: boolean; completionDate?: boolean; out?: string; force?: boolean },
      ) => {
        const hide = HIDEABLE.filter((f) => o[f]);
        if (hide.length === 0) usage("say what to hide: --learner, --grade, --completion-date, or several");
        const { hideFields } = await import("@alliance-ledger/sdk");
        const file = await readCredential(path);
        const out = o.out ?? sharedName(path);
        const text = `${JSON.stringify(hideFields(file, hide), null, 2)}\n`;
        // "wx": an existing file (the original, a copy made for someone else) is never silently replaced.
        await writeFile(out, text, { flag: o.force ? "w" : "wx" }).catch((e: NodeJS.ErrnoException) =>
          fail(
            e.code === "EEXIST"
              ? {
                  code: "file_exists",
                  message: `${out} exists; pass --force to overwrite it, or --out <file>`,
                  details: [{ file: out }],
                }
              : { code: "file_unwritable", message: `cannot write ${out}: ${e.message}`, details: [{ file: out }] },
            EXIT_BAD_INPUT,
          ),
        );
        printResult(
          program,
          { file: out, hidden: hide },
          `wrote ${out} without the ${hide.join(" and ")}; it still verifies with: alliance verify ${out}`,
        );
      },
    );
}

/** `alliance credentials share FILE --days N`: a link to the verifier page that opens for N days. */
function registerShare(program: Command, credentials: Command) {
  gatewayOptions(
    credentials
      .command("share")
      .argument("<file>", "a credential file (JSON) as issued to a student")
      .description("share a credential as a link to the gateway's verifier page (no API key needed), for N days")
      .requiredOption("--days <n>", "how long the link opens (1 to 365 days)", positiveInt("--days"))
      .option("--hide <fields>", "openings the gateway never receives: grade, completionDate (comma-separated)", ""),
  ).action(async (path: string, o: GatewayOptions & { days: number; hide: string }) => {
    if (o.days > 365) usage(`--days must be at most 365, got ${o.days}`);
    const hide = o.hide
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    const unknown = hide.filter((f) => !(HIDEABLE as readonly string[]).includes(f));
    if (unknown.length) usage(`--hide takes ${HIDEABLE.join(", ")}; not ${unknown.join(", ")}`);
    const { hideFields } = await import("@alliance-ledger/sdk");
    // Hidden here as well as by the gateway: what is hidden never leaves this machine.
    const credential = hideFields(await readCredential(path), hide as Hideable[]);
    const shared = await withGateway(
      o,
      async (g) => {
        const created = await g.createShare({ credential, expiresInDays: o.days, hide: hide as Hideable[] });
        // The QR code is served where the link points, so whoever is handed one can open the other.
        return { ...created, qr: new URL(`/shares/${created.token}/qr.svg`, created.link).toString() };
      },
      false,
    );
    printResult(
      program,
      shared,
      `${shared.link}\nopens until ${shared.expiresAt}${hide.length ? `, without the ${hide.join(" and ")}` : ""}; QR code: ${shared.qr}\n` +
        `to withdraw it: alliance credentials withdraw ${shared.token} --key ${shared.withdrawKey}`,
    );
  });

  gatewayOptions(
    credentials
      .command("withdraw")
      .argument("<token>", "the share link's token (the end of its link)")
      .requiredOption("--key <withdrawKey>", "the key printed when the link was made")
      .description("withdraw a share link: it stops opening and the gateway deletes its copy (no API key needed)"),
  ).action(async (token: string, o: GatewayOptions & { key: string }) => {
    await withGateway(o, (g) => g.withdrawShare(token, o.key), false);
    printResult(program, { token, withdrawn: true }, `share link ${token} withdrawn`);
  });
}

/** `credential.json` → `credential-shared.json`. */
export function sharedName(path: string): string {
  return path.toLowerCase().endsWith(".json") ? `${path.slice(0, -5)}-shared.json` : `${path}-shared.json`;
}

/** A credential file, or exit 2 naming each problem. */
async function readCredential(path: string): Promise<CredentialFile> {
  const { InvalidCredentialFileError, parseCredentialFile } = await import("@alliance-ledger/sdk");
  const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => unreadable(path, e));
  try {
    return parseCredentialFile(text);
  } catch (e) {
    if (e instanceof InvalidCredentialFileError)
      fail(
        { code: "invalid_credential_file", message: `${path}: ${e.shortMessage}`, details: e.problems },
        EXIT_BAD_INPUT,
      );
    throw e;
  }
}
