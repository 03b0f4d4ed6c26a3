import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import pino from "pino";
import stringWidth from "string-width";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createAllianceClient } from "@alliance-ledger/sdk";
import { devWallet, startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import { anchorPendingBatches, createApiKey, createServer, indexChain, type Database } from "@alliance-ledger/api";
import { createSqliteDatabase } from "../../api/src/db/sqliteDatabase.js";
import { migrate } from "../../api/src/db/migrate.js";
import { custodialSigners } from "../../api/src/testing/custodialSigners.js";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/alliance.mjs", import.meta.url));

let chain: LocalAlliance;
let db: Database;
let server: Server;
let url: string;
let dir: string;
let signers: Map<number, ReturnType<typeof createAllianceClient>>;
const keys: Record<string, string> = {};

/** Runs the CLI as `who` (its API key in ALLIANCE_API_KEY) against the test gateway, with --json. */
async function as(who: string, ...args: string[]) {
  const r = await cli(who, ["--json", ...args]);
  return { ...r, out: r.code === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
}

/** Runs the CLI as `who` as a person does, without --json: tables, names, units. */
async function human(who: string, ...args: string[]) {
  return cli(who, args);
}

async function cli(who: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [BIN, ...args, ...(args.includes("audit") || args.includes("verify") ? [] : ["--gateway", url])],
      {
        env: {
          ...process.env,
          ALLIANCE_API_KEY: keys[who] ?? "",
          ALLIANCE_AUDITOR_KEY: devWallet(9, chain.provider).privateKey,
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

/** The one JSON object a failed command prints on stderr with --json. */
const errorOf = (r: { stderr: string }) =>
  (JSON.parse(r.stderr) as { error: { code: string; message: string; details: Array<Record<string, unknown>> } }).error;

beforeAll(async () => {
  chain = await startLocalAlliance(3);
  db = createSqliteDatabase(":memory:");
  await migrate(db);
  signers = custodialSigners(chain);
  server = createServer({
    db,
    provider: chain.provider,
    reader: chain.reader,
    signers,
    logger: pino({ level: "silent" }),
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  keys.secretariat = (await createApiKey(db, { label: "s", role: "secretariat" })).key;
  keys.auditor = (await createApiKey(db, { label: "a", role: "auditor" })).key;
  for (const m of [1, 2, 3])
    keys[`m${m}`] = (await createApiKey(db, { label: `m${m}`, role: "member", memberId: m })).key;
  dir = await mkdtemp(join(tmpdir(), "cli-gateway-"));
  await writeFile(join(dir, "deployment.json"), JSON.stringify({ addresses: chain.reader.addresses }));
}, 120_000);
afterAll(async () => {
  server?.close();
  await db?.close();
  await chain?.stop();
});

describe("the CLI for the secretariat, registrars and auditors", () => {
  it("runs a term end to end: membership, catalogue, attestations, recognition, contributions, close, settle, export and audit", async () => {
    // Secretariat and council: register and admit a school; errors say what to fix, with exit codes.
    const applicant = Wallet.createRandom().address;
    expect(
      (
        await as(
          "secretariat",
          "members",
          "register",
          "--name",
          "河北工业职业技术大学",
          "--kind",
          "college",
          "--region",
          "Hebei",
          "--operator",
          applicant,
        )
      ).code,
    ).toBe(2);
    const registered = await as(
      "secretariat",
      "members",
      "register",
      "--name",
      "河北工业职业技术大学",
      "--kind",
      "vocationalCollege",
      "--region",
      "Hebei",
      "--operator",
      applicant,
    );
    expect(registered.out.memberId).toBe(4);
    expect((await as("secretariat", "members", "admit", "4")).out.executed).toBe(true);
    const refused = await as("secretariat", "members", "admit", "4");
    expect(refused.code).toBe(4); // the ledger's rules refuse admitting an active member
    expect(errorOf(refused).details[0].contractError).toMatch(/^Registry\w+$/); // one JSON object on stderr
    const refusedToPerson = await human("secretariat", "members", "admit", "4");
    expect([refusedToPerson.code, refusedToPerson.stderr]).toEqual([4, expect.stringMatching(/^Registry\w+:/)]);
    expect((await as("m1", "members", "admit", "4")).code).toBe(4); // not a councillor
    expect(
      (await as("auditor", "members", "list", "--status", "active")).out.items.map(
        (m: { memberId: number }) => m.memberId,
      ),
    ).toEqual([1, 2, 3, 4]);
    // Columns line up by display width: 河北工业职业技术大学 takes twice the columns of its ten characters.
    const memberTable = (await human("auditor", "members", "list")).stdout.trimEnd().split("\n");
    expect(memberTable.some((l) => l.includes("河北工业职业技术大学"))).toBe(true);
    const statusColumn = memberTable
      .filter((l) => !l.startsWith("-"))
      .map((l) => stringWidth(l.slice(0, l.search(/(status|active|pending|suspended|withdrawn) /))));
    expect(new Set(statusColumn).size, memberTable.join("\n")).toBe(1);
    const noKey = await as("nobody", "members", "list");
    expect([noKey.code, errorOf(noKey).code]).toEqual([2, "api_key_missing"]);
    const newKey = Wallet.createRandom().address;
    expect((await as("m1", "members", "rotate-key", "1")).code).toBe(2);
    expect((await as("m2", "members", "rotate-key", "1", "--add", newKey)).code).toBe(2); // another school's keys
    expect((await as("m1", "members", "rotate-key", "1", "--add", newKey)).code).toBe(0);
    expect((await chain.reader.registry.operatorKey(newKey)).memberId).toBe(1n);
    // The secretariat may not add a key to a school; the council may, for a school that lost its keys.
    const recovered = Wallet.createRandom().address;
    expect((await as("secretariat", "members", "rotate-key", "4", "--add", recovered)).code).toBe(2);
    expect((await as("secretariat", "members", "recover-key", "4", "--key", recovered)).out.executed).toBe(true);
    expect((await chain.reader.registry.operatorKey(recovered)).memberId).toBe(4n);
    // Roles change by council decision only.
    const auditor2 = Wallet.createRandom().address;
    expect((await as("secretariat", "roles", "grant", "dean", auditor2)).code).toBe(2);
    expect((await as("secretariat", "roles", "grant", "auditor", auditor2)).out.executed).toBe(true);
    expect((await as("secretariat", "roles", "grant", "auditor", auditor2)).code).toBe(4); // RegistryRoleUnchanged
    expect((await as("m1", "roles", "revoke", "auditor", auditor2)).code).toBe(4); // not a councillor
    expect(
      (await as("auditor", "proposals", "list")).out.items.find((p: { action: string }) => p.action === "grantRole"),
    ).toMatchObject({ role: "auditor", account: auditor2, executed: true });

    // Catalogue: a host publishes, the evaluation committee certifies.
    await writeFile(join(dir, "evaluation.txt"), "Evaluation committee report: meets the alliance standard.");
    const course = await as(
      "m1",
      "courses",
      "publish",
      "--code",
      "BIT-AI",
      "--title",
      "Applied AI",
      "--credits",
      "2",
      "--hours",
      "32",
      "--fee",
      "5000",
      "--term",
      "20262",
      "--seats",
      "40",
    );
    expect(course.out.courseId).toBe(1);
    expect(
      (
        await as(
          "m1",
          "courses",
          "publish",
          "--code",
          "X",
          "--title",
          "X",
          "--credits",
          "2.555",
          "--hours",
          "1",
          "--fee",
          "1",
          "--term",
          "1",
          "--seats",
          "1",
        )
      ).code,
    ).toBe(2);
    expect((await as("secretariat", "courses", "certify", "1", "--report", join(dir, "evaluation.txt"))).code).toBe(0);
    expect((await as("m3", "courses", "list", "--certified")).out.items).toEqual([
      expect.objectContaining({ courseId: 1, code: "BIT-AI", tier: "certified", credits: 2 }),
    ]);
    // People read the host by name and the fee per credit in yuan and fen.
    expect((await human("m3", "courses", "list")).stdout).toMatch(
      /^ +1 +BIT-AI +Applied AI +1 Member 1 +1 +certified +active +2 +50\.00 +20262 +40$/m,
    );

    // The council decides the charter's shares; the secretariat opens the period with them (and cannot
    // without them); a registrar attests; the home school decides from its inbox.
    const undecided = await as("secretariat", "periods", "open");
    expect([undecided.code, errorOf(undecided).code]).toEqual([4, "shares_not_decided"]);
    expect((await as("secretariat", "charter", "shares", "--shares", "1:4000,2:3000,3:2000")).code).toBe(2); // 9000 bps
    const decided = await as("secretariat", "charter", "shares", "--shares", "1:4000,2:3000,3:2000,4:1000");
    expect(decided.out.executed).toBe(true);
    const rule = await as("secretariat", "charter", "rule", "--min-index", "0.6", "--periods", "2");
    expect(rule.out.executed).toBe(true);
    expect((await as("secretariat", "charter", "rule", "--min-index", "2.5", "--periods", "2")).code).toBe(2);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await human("m3", "charter", "show")).stdout).toMatch(
      /Member 1 40\.00%.*minimum contribution index: 0\.6/s,
    );
    const period = await as("secretariat", "periods", "open");
    expect(period.out.periodId).toBe(1);
    const header = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
    await writeFile(
      join(dir, "roster.csv"),
      `${[header, "2,1,1,20262,2,HB-001,A,2026-12-20", "2,1,1,20262,1.5,HB-002,B,2026-12-20"].join("\n")}\n`,
    );
    expect((await as("m1", "attest", join(dir, "roster.csv"))).out.accepted).toBe(2);
    const [anchored] = (await anchorPendingBatches({ db, signers })).anchored;
    const handed = await as("m1", "credentials", anchored.root, "--out", join(dir, "to-students"));
    // Named by course code and place in the batch, as the gateway's archive: never by the student.
    expect(handed.out.files.map((f: string) => f.split("/").pop()).sort()).toEqual([
      "BIT-AI-01.json",
      "BIT-AI-02.json",
    ]);
    const verified = await as(
      "m3",
      "--rpc",
      chain.node.url,
      "verify",
      "--deployment",
      join(dir, "deployment.json"),
      handed.out.files[0],
    );
    expect(verified.code, verified.stdout ?? verified.stderr).toBe(0);
    expect((await as("m2", "credentials", anchored.root, "--out", join(dir, "x"))).code).toBe(2); // not its batch
    // `credentials download` is the same command by name.
    const named = await as("m1", "credentials", "download", anchored.root, "--out", join(dir, "by-name"));
    expect(named.out.files).toHaveLength(2);
    // A student shares one with the grade hidden, without an API key: a link that opens on the gateway.
    const shared = await as("nobody", "credentials", "share", handed.out.files[0], "--days", "30", "--hide", "grade");
    expect(shared.code, shared.stderr).toBe(0);
    expect(shared.out.link).toBe(`${url}/verify?share=${shared.out.token}`);
    expect(shared.out.qr).toBe(`${url}/shares/${shared.out.token}/qr.svg`);
    const opened = (await (await fetch(`${url}/shares/${shared.out.token}`)).json()) as {
      hidden: string[];
      credential: { disclosures: Record<string, unknown> };
    };
    expect([opened.hidden, opened.credential.disclosures.grade]).toEqual([["grade"], undefined]);
    expect((await human("nobody", "credentials", "share", handed.out.files[0], "--days", "7")).stdout).toContain(
      `${url}/verify?share=`,
    );
    // What does not verify is refused (exit 1, as `alliance verify`); bad days or fields are usage errors.
    const original = JSON.parse(await readFile(handed.out.files[0], "utf8"));
    await writeFile(
      join(dir, "altered.json"),
      JSON.stringify({ ...original, attestation: { ...original.attestation, credits: 900 } }),
    );
    const altered = await as("nobody", "credentials", "share", join(dir, "altered.json"), "--days", "30");
    expect([altered.code, errorOf(altered).code]).toEqual([1, "credential_not_valid"]);
    expect((await as("nobody", "credentials", "share", handed.out.files[0], "--days", "366")).code).toBe(2);
    expect(
      (await as("nobody", "credentials", "share", handed.out.files[0], "--days", "3", "--hide", "studentName")).code,
    ).toBe(2);
    const inbox = (await as("m2", "recognise", "inbox", "--issuer", "1")).out.items as Array<{
      id: string;
      studentRef: string;
    }>;
    expect(inbox.map((i) => i.studentRef).sort()).toEqual(["HB-001", "HB-002"]);
    expect(inbox.map((i) => (i as unknown as { credits: number }).credits).sort()).toEqual([1.5, 2]); // as on the transcript, as submitted
    // A page of one: the issuer by name, the course by code, and how to see the rest.
    const firstPage = (await human("m2", "recognise", "inbox", "--limit", "1")).stdout.split("\n");
    expect(firstPage[0]).toMatch(/^attestation +issuer +course +credits +student$/);
    expect(firstPage[2]).toMatch(/^[\w-]+ +1 Member 1 +1 BIT-AI +(2|1\.5) +HB-00[12]$/);
    expect(firstPage[3]).toBe("showing 1–1 of 2 — next page: --offset 1");
    expect((await as("m2", "recognise", "inbox", "--offset", "1")).out.items).toHaveLength(1);
    expect((await as("m2", "recognise", "accept", ...inbox.map((i) => i.id))).out.decided).toBe(2);
    expect((await as("m2", "recognise", "inbox")).out).toEqual({ total: 0, totalExact: true, items: [] });

    // Contributions: claim with evidence, confirm; a member cannot confirm.
    await writeFile(join(dir, "receipt.pdf"), "bank receipt 2026-11");
    expect(
      (
        await as(
          "m1",
          "contributions",
          "claim",
          "--kind",
          "cash",
          "--reference",
          "A-1",
          "--period",
          "1",
          "--evidence",
          join(dir, "receipt.pdf"),
        )
      ).code,
    ).toBe(2); // no --amount
    const claim = await as(
      "m1",
      "contributions",
      "claim",
      "--kind",
      "cash",
      "--amount",
      "1000000",
      "--reference",
      "A-1",
      "--period",
      "1",
      "--evidence",
      join(dir, "receipt.pdf"),
    );
    const [claimed] = await chain.reader.costLedger.queryFilter(
      chain.reader.costLedger.filters.EntryClaimed(claim.out.entryId),
    );
    expect(claimed.args.evidenceHash).toBe(`0x${createHash("sha256").update("bank receipt 2026-11").digest("hex")}`);
    expect((await chain.reader.costLedger.entry(claim.out.entryId)).amount).toBe(1_000_000n);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    const queue = (await as("secretariat", "contributions", "list", "--pending")).out;
    expect(queue.items).toEqual([
      expect.objectContaining({
        entryId: claim.out.entryId,
        memberId: 1,
        amount: "1000000",
        status: "claimed",
        reference: "A-1",
      }),
    ]);
    expect((await human("secretariat", "contributions", "list", "--pending")).stdout).toMatch(
      / +1 +1 Member 1 +cash +CNY 10,000\.00 +claimed +A-1$/m,
    );
    expect((await as("m2", "contributions", "confirm", claim.out.entryId)).code).toBe(2);
    expect((await as("secretariat", "contributions", "confirm", claim.out.entryId)).code).toBe(0);

    // Reconcile, close with the report written out (its SHA-256 is on chain), settle.
    const preview = (await as("m3", "periods", "reconcile", "1")).out;
    const previewText = (await human("m3", "periods", "reconcile", "1")).stdout;
    expect(previewText).toMatch(/^period 1 \(CNY\), total cost CNY [\d,]+\.\d\d$/m);
    expect(previewText).toMatch(/^4 河北工业职业技术大学 +10\.00% +0\.00 /m);
    expect(previewText).toMatch(/^1 Member 1 +40\.00% +10,000\.00 /m);
    const net = (id: number) => BigInt(preview.members.find((m: { memberId: number }) => m.memberId === id).net);
    expect([1, 2, 3, 4].reduce((s, id) => s + net(id), 0n)).toBe(0n); // the books balance to the minor unit
    const closed = (await as("secretariat", "periods", "close", "1", "--out", join(dir, "period-1.json"))).out;
    expect(closed.settlements).toEqual(preview.settlements);
    expect(
      "0x" +
        createHash("sha256")
          .update(await readFile(join(dir, "period-1.json")))
          .digest("hex"),
    ).toBe((await chain.reader.costLedger.period(1)).reportHash);
    const [first] = closed.settlements as Array<{ payerId: number; payeeId: number; amount: string }>;
    const paid = await as(
      `m${first.payerId}`,
      "settlements",
      "record",
      "--period",
      "1",
      "--payee",
      String(first.payeeId),
      "--amount",
      first.amount,
      "--reference",
      "ICBC-0001",
    );
    expect((await as(`m${first.payeeId}`, "settlements", "confirm", paid.out.settlementId)).code).toBe(0);
    expect((await chain.reader.costLedger.settlement(BigInt(paid.out.settlementId))).confirmed).toBe(true);
    await indexChain({ db, provider: chain.provider, addresses: chain.reader.addresses });
    expect((await as("secretariat", "settlements", "list", "--period", "1")).out.items).toEqual([
      expect.objectContaining({ settlementId: paid.out.settlementId, amount: first.amount, confirmed: true }),
    ]);
    expect((await human("secretariat", "settlements", "list", "--period", "1")).stdout).toMatch(
      / +1 +\d [^\n]+ +CNY [\d,]+\.\d\d +yes$/m,
    );

    // The auditor exports the gateway's books and audits them against the chain.
    expect((await as("m1", "export", "--out", join(dir, "x.json"))).code).toBe(2);
    const exported = (await as("auditor", "export", "--out", join(dir, "audit-export.json"))).out;
    expect(exported).toMatchObject({ attestations: 2, batches: 1, costEntries: 1, reports: 1 });
    const audit = await as(
      "auditor",
      "--rpc",
      chain.node.url,
      "audit",
      "--deployment",
      join(dir, "deployment.json"),
      "--export",
      join(dir, "audit-export.json"),
      "--out",
      join(dir, "evidence"),
    );
    expect(audit.code, audit.stderr).toBe(0);
  }, 300_000);

  it("exits 3 with advice when the gateway is down; with --json the failure is one JSON object", async () => {
    const r = await run(process.execPath, [BIN, "courses", "list", "--gateway", "http://127.0.0.1:9"], {
      env: { ...process.env, ALLIANCE_API_KEY: "al_x" },
    }).catch((e) => e);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("cannot reach the gateway");
    const json = await run(process.execPath, [BIN, "--json", "courses", "list", "--gateway", "http://127.0.0.1:9"], {
      env: { ...process.env, ALLIANCE_API_KEY: "al_x" },
    }).catch((e) => e);
    expect(json.code).toBe(3);
    expect(errorOf(json)).toMatchObject({ code: "gateway_unreachable", details: [{ gateway: "http://127.0.0.1:9" }] });
    const badUsage = await as("m1", "courses", "list", "--limit", "501");
    expect([badUsage.code, errorOf(badUsage).code]).toEqual([2, "invalid_usage"]);
    const unknownOption = await as("m1", "courses", "list", "--colour");
    expect([unknownOption.code, errorOf(unknownOption).message]).toEqual([2, "unknown option '--colour'"]);
  });

  it("submits a roster saved in GBK with its Chinese intact, and refuses one it cannot decode, storing nothing", async () => {
    const course = await as(
      "m1",
      ...["courses", "publish", "--code", "BIT-DS", "--title", "数据结构", "--credits", "3", "--hours", "48"],
      ...["--fee", "1000", "--term", "20262", "--seats", "30"],
    );
    const header = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
    const csv = `${header}\r\n2,${course.out.courseId},1,20262,3,学生-甲,优秀,2026-12-20\r\n2,${course.out.courseId},1,20262,2.5,学生-乙,良好,2026-12-20\r\n`;
    await writeFile(join(dir, "gbk.csv"), iconv.encode(csv, "gbk")); // Excel's and WPS's "CSV" in China
    const submitted = await as("m1", "attest", join(dir, "gbk.csv"));
    expect(submitted.code, submitted.stderr).toBe(0);
    const stored = await db.query<{ student_ref: string; grade: string }>(
      "t",
      "SELECT student_ref, grade FROM outbox_attestations WHERE id IN ($1, $2)",
      submitted.out.ids,
    );
    expect(stored.map((r) => [r.student_ref, r.grade]).sort()).toEqual([
      ["学生-乙", "良好"],
      ["学生-甲", "优秀"],
    ]);

    const count = async () =>
      Number((await db.query<{ n: number }>("t", "SELECT COUNT(*) AS n FROM outbox_attestations"))[0].n);
    const before = await count();
    await writeFile(
      join(dir, "garbled.csv"),
      Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0x32, 0x2c, 0xff, 0xfe, 0x80, 0x0a])]),
    );
    const refused = await as("m1", "attest", join(dir, "garbled.csv"));
    expect(refused.code).toBe(2);
    expect(errorOf(refused)).toMatchObject({
      code: "roster_encoding_unknown",
      message: expect.stringContaining("encoding could not be determined"),
    });
    const toPerson = await human("m1", "attest", join(dir, "garbled.csv"));
    expect(toPerson.code).toBe(2);
    expect(toPerson.stderr).toContain("garbled.csv: The roster's text encoding could not be determined");
    expect(await count()).toBe(before);
  });
});

describe("alliance attest sends a roster's bytes as they are", () => {
  it("names a CSV's charset and sends a workbook as XLSX, byte for byte, for the gateway to decode", async () => {
    const seen: Array<{ type?: string; body: Buffer }> = [];
    const fake = createHttpServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (chunk: Buffer) => parts.push(chunk));
      req.on("end", () => {
        seen.push({ type: req.headers["content-type"], body: Buffer.concat(parts) });
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify({ accepted: 1, ids: [`0x${seen.length}`] }));
      });
    }).listen(0, "127.0.0.1");
    await once(fake, "listening");
    const fakeUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    const attest = (file: string) =>
      run(process.execPath, [BIN, "--json", "attest", file, "--gateway", fakeUrl], {
        env: { ...process.env, ALLIANCE_API_KEY: "al_x" },
      });
    try {
      const header = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
      // Excel's "Unicode text" is UTF-16LE with a byte-order mark.
      const utf16 = iconv.encode(`${header}\n2,1,1,20262,3,学生-丙,优秀,2026-12-20\n`, "utf-16le", { addBOM: true });
      await writeFile(join(dir, "unicode.csv"), utf16);
      // A workbook is a ZIP archive; the gateway reads it, the CLI only sends it.
      const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from([0xff, 0x00, 0x0a, 0x22, 0x80])]);
      await writeFile(join(dir, "roster.xlsx"), xlsx);
      await attest(join(dir, "unicode.csv"));
      await attest(join(dir, "roster.xlsx"));
      expect(seen.map((s) => s.type)).toEqual([
        "text/csv; charset=utf-16le",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      ]);
      expect(seen[0].body.equals(utf16)).toBe(true);
      expect(seen[1].body.equals(xlsx)).toBe(true);
    } finally {
      fake.close();
    }
  });
});
