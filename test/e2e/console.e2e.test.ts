import { readFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import iconv from "iconv-lite";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase } from "../../packages/api/src/db/sqliteDatabase.js";
import { killAll, start } from "../ts/helpers/npmStart.js";
import { launchChromium, screenshot, seriousViolations } from "./browser.js";

/**
 * The console and the verifier page as their users meet them: real Chromium against a real `npm start`
 * stack. A registrar uploads a GBK roster, previews it, submits it and downloads the credentials; the
 * home school accepts from its inbox; the secretariat confirms a claim, reads the charter's terms and the
 * members' performance, closes the period and opens the next with the council's shares; the public
 * verifier shows the credential valid in Chinese and, once the issuer revoked it, revoked in English.
 * Every page is photographed in both languages and checked with axe-core.
 */
const LANGS = ["zh", "en"] as const;
type Lang = (typeof LANGS)[number];

let browser: Browser;
let api: string;
let dataDir: string;
let keys: { secretariat: string; auditor: string; members: Record<string, string> };
const violations: Array<Record<string, unknown>> = [];
const photographed: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "alliance-e2e-"));
  const stack = await start(dataDir, { ALLIANCE_BATCH_INTERVAL_MS: "500" });
  api = stack.api;
  keys = JSON.parse(await readFile(join(dataDir, "demo-api-keys.json"), "utf8"));
  browser = await launchChromium();
});

// A failed run leaves a photograph of every open tab, so CI's failure can be read without re-running it.
afterEach(async (context) => {
  if (context.task.result?.state !== "fail" || !browser) return;
  const tabs = browser.contexts().flatMap((c) => c.pages());
  for (const [i, tab] of tabs.entries()) await screenshot(tab, `failed-tab-${i + 1}`, "now").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  killAll();
});

const memberKey = (memberId: number) => Object.values(keys.members)[memberId - 1];

async function gateway<T>(path: string, key: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${api}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A fresh tab (its own session storage: one person), slow-machine timeouts, in `lang` first. */
async function personAt(path: string, lang: Lang): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, locale: lang === "zh" ? "zh-CN" : "en-US" });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(`${api}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
  return page;
}

async function signIn(page: Page, key: string) {
  await page.goto(`${api}/console/sign-in`);
  await page.locator("#api-key").fill(key);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname !== "/console/sign-in" && url.pathname !== "/console");
}

async function setLang(page: Page, lang: Lang) {
  const html = page.locator("html");
  if ((await html.getAttribute("lang"))?.startsWith(lang)) return;
  await page.getByRole("button", { name: lang === "en" ? "English" : "中文", exact: true }).click();
  await page.locator(`html[lang^="${lang}"]`).waitFor({ state: "attached" });
}

/** Photographs the page as it stands in both languages, checks each with axe, and returns to `back`. */
async function capture(page: Page, name: string, back: Lang = "zh") {
  for (const lang of LANGS) {
    await setLang(page, lang);
    await screenshot(page, name, lang);
    for (const v of await seriousViolations(page)) violations.push({ page: name, lang, ...v });
  }
  photographed.push(name);
  await setLang(page, back);
}

async function go(page: Page, path: string) {
  await page.goto(`${api}${path}`);
}

describe("the console and the verifier page", () => {
  it("carry a term from a GBK roster to a verified, recognised, then revoked credential", async () => {
    // The public face: home, verifier, sign-in.
    const visitor = await personAt("/", "zh");
    await visitor.getByRole("heading", { level: 1 }).waitFor();
    expect(await visitor.getByRole("heading", { level: 1 }).textContent()).toBe("联盟账本");
    await capture(visitor, "home");
    await go(visitor, "/verify");
    await capture(visitor, "verify-empty");
    await go(visitor, "/console/sign-in");
    await visitor.locator("#api-key").fill("al_not_a_key");
    await visitor.locator("form button[type=submit]").click();
    await visitor.getByRole("alert").waitFor();
    expect(await visitor.getByRole("alert").textContent()).toContain("API 密钥无效");
    await capture(visitor, "sign-in-refused");

    // The registrar of member 1 uploads a roster saved by Excel in GBK: first with mistakes, then right.
    const [course] = (
      await gateway<{
        items: Array<{
          courseId: number;
          latestVersion: number;
          credits: number;
          term: number;
          code: string;
          title: string;
        }>;
      }>("/courses?hostMemberId=1&status=active", memberKey(1))
    ).items;
    const header = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate";
    const row = (home: number | string, credits: number | string, ref: string, grade: string) =>
      `${home},${course.courseId},${course.latestVersion},${course.term},${credits},${ref},${grade},2026-07-01`;
    const gbk = (lines: string[]) => iconv.encode(`${lines.join("\r\n")}\r\n`, "gbk");
    const registrar = await personAt("/", "zh");
    await signIn(registrar, memberKey(1));
    await go(registrar, "/console/roster");
    const roster = registrar.locator("#roster-file");
    await roster.setInputFiles({
      name: "名单-有误.csv",
      mimeType: "text/csv",
      buffer: gbk([header, row(2, "两学分", "E2E-0001", "优秀"), row(1, course.credits, "E2E-0002", "良好")]),
    });
    await registrar.locator(".bad-cell").first().waitFor();
    expect(await registrar.locator(".bad-cell").count()).toBeGreaterThanOrEqual(2);
    expect(await registrar.getByRole("button", { name: /提交/ }).isDisabled()).toBe(true);
    // The GBK cell is read intact and each problem is explained in the reader's language.
    const problems = await registrar.locator("ul.problems").textContent();
    expect(problems).toContain("第 2 行，credits 列：“两学分”不是有效的学分");
    expect(problems).toContain("第 3 行，homeId 列：学籍学校必须是另一所成员学校");
    await capture(registrar, "roster-problems");

    await roster.setInputFiles({
      name: "名单.csv",
      mimeType: "text/csv",
      buffer: gbk([header, row(2, course.credits, "E2E-0001", "优秀"), row(2, course.credits, "E2E-0002", "良好")]),
    });
    await registrar.getByRole("cell", { name: "优秀", exact: true }).waitFor();
    expect(await registrar.locator(".bad-cell").count()).toBe(0);
    await capture(registrar, "roster-preview");
    await registrar.getByRole("button", { name: "提交 2 条记录" }).click();
    await registrar.getByText("已接收 2 条记录").waitFor();
    await capture(registrar, "roster-accepted");

    // Its batch is anchored; the registrar sees 优秀 intact in the batch's records and downloads the archive.
    await go(registrar, "/console/batches");
    const newest = registrar.locator("tbody tr").first();
    // The page refreshes itself until the new batch (2 records) is anchored and listed first.
    await expect.poll(() => newest.locator("td").nth(1).textContent(), { timeout: 120_000 }).toBe("2");
    await newest.getByRole("button", { name: "查看记录" }).click();
    await registrar.getByRole("cell", { name: "优秀", exact: true }).waitFor();
    await capture(registrar, "batches");
    const downloading = registrar.waitForEvent("download");
    await newest.getByRole("button", { name: "下载证书（ZIP）" }).click();
    const archive = unzipSync(await readFile((await (await downloading).path())!));
    const files = Object.keys(archive).sort();
    expect(files).toEqual([`${course.code}-01.json`, `${course.code}-02.json`]);
    const credential = Buffer.from(archive[files[0]]);
    expect(JSON.parse(credential.toString()).disclosures.grade.value).toBe("优秀");

    // The home school (member 2) accepts both from its inbox.
    const home = await personAt("/", "en");
    await signIn(home, memberKey(2));
    await go(home, "/console/inbox");
    await home.getByLabel("Issuing school").selectOption("1");
    for (const ref of ["E2E-0001", "E2E-0002"])
      await home.getByRole("checkbox", { name: new RegExp(`of ${ref}$`) }).check();
    await capture(home, "inbox", "en");
    await home.getByRole("button", { name: "Record decision (2)" }).click();
    await home.getByText("2 decisions recorded on chain.").waitFor();
    await home.getByRole("checkbox", { name: /of E2E-0001$/ }).waitFor({ state: "detached" });
    // Records received from other schools' gateways: one gateway serves every member here, so none, and
    // the page says when there would be some.
    await go(home, "/console/received");
    const noneReceived = home.locator(".empty", { hasText: "ALLIANCE_FEDERATION=on" });
    await noneReceived.waitFor();
    expect(await noneReceived.textContent()).toContain(
      "Records from other schools appear here only when each member school runs its own gateway",
    );
    await capture(home, "received", "zh");
    expect(await noneReceived.textContent()).toContain("只有当每所成员学校各自运行自己的网关");
    // What a home school's gateway records when an issuer's gateway withholds and hides records (as the
    // federation tests produce it), read back in the registrar's language.
    const books = createSqliteDatabase(join(dataDir, "gateway.sqlite"));
    const findings = [
      { kind: "hiddenStudent", index: 2 },
      { kind: "withheld", index: 3, homeId: 2 },
    ] as const;
    await books.query(
      "e2e.inbound",
      `INSERT INTO inbound_batches (root, issuer_id, count, status, attempts, next_attempt_at, problems, updated_at)
       VALUES ($1, 1, 4, 'mismatch', 1, $2, $3, $2)`,
      [`0x${"ab".repeat(32)}`, new Date().toISOString(), JSON.stringify(findings)],
    );
    await books.close();
    await home.reload();
    const findingList = home.getByRole("list", { name: /0xabab/ });
    await findingList.waitFor();
    expect(await findingList.locator("li").allTextContents()).toEqual([
      "第 2 条记录隐藏了学生编号，无法对应到本校学生。",
      "清单中标注属于Tianjin University的第 3 条记录没有发送（被扣留）。",
    ]);
    await capture(home, "received-findings", "en");
    expect(await findingList.locator("li").nth(1).textContent()).toBe(
      "Record 3, tagged for Tianjin University in the manifest, was not sent (withheld).",
    );
    await go(home, "/console/courses");
    await home.locator("tbody tr").first().waitFor();
    await capture(home, "courses", "en");

    // The secretariat confirms a member's claim and closes the open period; the nets sum to zero.
    const periods = await gateway<{ items: Array<{ periodId: number; closed: boolean; shares: unknown[] }> }>(
      "/periods",
      keys.secretariat,
    );
    const open = periods.items.find((p) => !p.closed)!;
    await gateway("/cost-entries", memberKey(3), {
      method: "POST",
      headers: { "idempotency-key": "e2e-claim-1" },
      body: JSON.stringify({
        kind: "cash",
        reference: "E2E-CASH-1",
        periodId: open.periodId,
        amount: "171345600",
        evidenceHash: `0x${"ab".repeat(32)}`,
      }),
    });
    const secretariat = await personAt("/", "zh");
    await signIn(secretariat, keys.secretariat);
    await go(secretariat, "/console/claims");
    const claim = secretariat.locator("tr", { hasText: "E2E-CASH-1" });
    await claim.waitFor();
    await expect(claim.locator("td").nth(3).textContent()).resolves.toBe("¥1,713,456.00");
    await capture(secretariat, "claims");
    await claim.getByRole("button", { name: "确认" }).click();
    await secretariat.getByText("已确认").waitFor();
    for (const [path, name] of [
      ["/console/members", "members"],
      ["/console/proposals", "proposals"],
      ["/console/settlements", "settlements"],
    ]) {
      await go(secretariat, path);
      await secretariat.locator("tbody tr").first().waitFor();
      await capture(secretariat, name);
    }
    // The charter's terms as the council decided them: each school's investment share by name.
    const charter = await gateway<{ shares: { shares: Array<{ memberId: number; shareBps: number }> } | null }>(
      "/charter",
      keys.secretariat,
    );
    expect(charter.shares, "the demo seed decides the charter's shares").not.toBeNull();
    const [firstShare] = charter.shares!.shares;
    const schools = await gateway<{ items: Array<{ memberId: number; name: string }> }>(
      "/members?limit=500",
      keys.secretariat,
    );
    const school = schools.items.find((m) => m.memberId === firstShare.memberId)!.name;
    await go(secretariat, "/console/charter");
    const shareRow = secretariat.getByTestId("charter-shares").locator("tr", { hasText: school });
    await shareRow.waitFor();
    expect(await shareRow.locator("td").nth(1).textContent()).toBe(
      `${Number((firstShare.shareBps / 100).toFixed(2))}%`,
    );
    await capture(secretariat, "charter");
    // The open period's performance as it stands now: each school's contribution index to the thousandth.
    await go(secretariat, "/console/performance");
    await secretariat.getByTestId("contribution-index").first().waitFor();
    expect(await secretariat.getByTestId("contribution-index").count()).toBe(open.shares.length);
    expect(await secretariat.getByTestId("contribution-index").first().textContent()).toMatch(/^\d\.\d{3}$/);
    expect(await secretariat.getByTestId("performance-basis").textContent()).toContain(`第 ${open.periodId} 期进行中`);
    await capture(secretariat, "performance");
    await go(secretariat, "/console/periods");
    await secretariat.getByTestId("net-total").waitFor();
    expect(await secretariat.getByTestId("net-total").textContent()).toBe("¥0.00");
    await capture(secretariat, "periods-open");
    await secretariat.getByRole("button", { name: `结账第 ${open.periodId} 期` }).click();
    await secretariat.getByText(`第 ${open.periodId} 期已结账`).waitFor();
    // The next term's period opens with the charter's shares: the secretariat picks only the currency.
    // A recognised record's revocation books its fee back into an open period.
    await secretariat.getByTestId("next-period-shares").waitFor();
    await capture(secretariat, "periods-closed");
    await secretariat.getByRole("button", { name: "开启预算期" }).click();
    await secretariat.getByText(`第 ${open.periodId + 1} 期已开启`).waitFor();

    // The auditor runs the audit.
    const auditor = await personAt("/", "en");
    await signIn(auditor, keys.auditor);
    await go(auditor, "/console/audit");
    await auditor.getByRole("button", { name: "Run the audit" }).click();
    await auditor.getByRole("heading", { name: "Checked" }).waitFor({ timeout: 300_000 });
    await capture(auditor, "audit", "en");

    // The public verifier: valid in Chinese, recognised by the home school.
    await go(visitor, "/verify");
    await setLang(visitor, "zh");
    await visitor
      .getByLabel("选择证书文件")
      .setInputFiles({ name: files[0], mimeType: "application/json", buffer: credential });
    await visitor.locator('[data-verdict="valid"]').waitFor();
    expect(await visitor.locator('[data-verdict="valid"] h2').textContent()).toBe("证书有效");
    expect(await visitor.locator(".facts").textContent()).toContain("优秀");
    expect(await visitor.locator(".facts").textContent()).toContain(`${course.code} ${course.title}`);
    await capture(visitor, "verify-valid");

    // Its holder shares it for 30 days without the grade: whoever opens the link sees it valid, grade hidden.
    await visitor.getByLabel("隐藏成绩").check();
    await visitor.getByLabel("链接有效期").selectOption("30");
    await visitor.getByRole("button", { name: "生成分享链接" }).click();
    await visitor.getByTestId("share-link").waitFor();
    const link = await visitor.getByTestId("share-link").inputValue();
    expect(link).toMatch(new RegExp(`^${api.replaceAll(".", "\\.")}/verify\\?share=[\\w-]{22}$`));
    await visitor.locator("img.qr").waitFor();
    expect(
      await visitor.locator("img.qr").evaluate((img: { naturalWidth: number }) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await capture(visitor, "verify-share-created");
    const employer = await personAt(link.slice(api.length), "zh");
    await employer.locator('[data-verdict="valid"]').waitFor();
    expect(await employer.getByTestId("shared-notice").textContent()).toContain("链接有效期至");
    expect(await employer.locator(".facts").textContent()).not.toContain("优秀");
    expect(await employer.locator(".facts").textContent()).toContain("持有人未公开");
    expect(await employer.getByRole("heading", { name: "分享此证书" }).count()).toBe(0); // not the reader's to share
    await capture(employer, "verify-shared");

    // An expired link, and one that never was, say so and what to do.
    const shareResponse = await fetch(`${api}/shares`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ credential: JSON.parse(credential.toString("utf8")), expiresInDays: 1 }),
    });
    expect(shareResponse.status).toBe(201);
    const expiring = (await shareResponse.json()) as { token: string };
    // The gateway's own SQLite file: nothing over HTTP ages a link, so the test moves its expiry back.
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const { DatabaseSync } = await import("node:sqlite");
    const file = new DatabaseSync(join(dataDir, "gateway.sqlite"));
    file.exec("PRAGMA busy_timeout = 10000");
    file.prepare("UPDATE credential_shares SET expires_at = ? WHERE token = ?").run(past, expiring.token);
    file.close();
    await go(employer, `/verify?share=${expiring.token}`);
    await employer.locator('[data-share-problem="share_expired"]').waitFor();
    expect(await employer.getByRole("alert").textContent()).toContain("请向证书持有人索取新的链接");
    await capture(employer, "verify-share-expired", "en");
    expect(await employer.getByRole("alert").textContent()).toContain("Ask the credential's holder for a new one");
    await setLang(employer, "zh");
    await go(employer, "/verify?share=nope");
    await employer.locator('[data-share-problem="share_not_found"]').waitFor();
    await capture(employer, "verify-share-missing");

    // The holder changes their mind and withdraws the link: the employer's copy of it opens nothing.
    await visitor.getByRole("button", { name: "撤回此链接" }).click();
    await visitor.getByTestId("share-withdrawn").waitFor();
    await capture(visitor, "verify-share-withdrawn");
    await go(employer, link.slice(api.length));
    await employer.locator('[data-share-problem="share_withdrawn"]').waitFor();
    expect(await employer.getByRole("alert").textContent()).toContain("证书持有人已撤回该分享链接");

    // The issuer corrects E2E-0002's grade: the corrected record goes in a roster of its own, then the
    // original is revoked and linked to it from the original batch's records.
    await go(registrar, "/console/roster");
    await registrar.locator("#roster-file").setInputFiles({
      name: "更正.csv",
      mimeType: "text/csv",
      buffer: gbk([header, row(2, course.credits, "E2E-0002", "优秀")]),
    });
    await registrar.getByRole("button", { name: "提交 1 条记录" }).click();
    await registrar.getByText("已接收 1 条记录").waitFor();
    await go(registrar, "/console/batches");
    await expect
      .poll(() => registrar.locator("tbody tr").first().locator("td").nth(1).textContent(), { timeout: 120_000 })
      .toBe("1");
    await registrar.locator("tbody tr").nth(1).getByRole("button", { name: "查看记录" }).click();
    const corrected = registrar.locator("tr", { hasText: "E2E-0002" });
    await corrected.getByRole("button", { name: "更正…" }).click();
    await corrected.getByRole("radio").first().check();
    await capture(registrar, "batch-record-correct");
    await corrected.getByRole("button", { name: "撤销原记录并链接更正记录" }).click();
    await registrar.getByText("已在链上更正").waitFor();

    // The issuer revokes E2E-0001 from the same batch's records; the verifier now says revoked, in English.
    const record = registrar.locator("tr", { hasText: "E2E-0001" });
    // The signed Open Badges credential, named by course and place (never by the student).
    const badgeDownload = registrar.waitForEvent("download");
    await record.getByRole("button", { name: "下载 Open Badges 证书" }).click();
    expect((await badgeDownload).suggestedFilename()).toBe(`${course.code}-01.openbadge.json`);
    const badge = JSON.parse(await readFile((await (await badgeDownload).path())!, "utf8"));
    expect(badge.issuer.id).toMatch(/^did:web:127\.0\.0\.1%3A\d+:members:1$/);
    expect(badge.proof[0]).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022" });
    expect(badge.credentialSubject.achievement.name).toBe(course.title);
    // Anyone checks the badge on the verifier page as a standard verifier would.
    await go(visitor, "/verify");
    await setLang(visitor, "zh");
    await visitor
      .getByLabel("选择证书文件")
      .setInputFiles({ name: "badge.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(badge)) });
    await visitor.locator('[data-badge-verdict="valid"]').waitFor();
    expect(await visitor.locator('[data-check="keyOnChain"]').getAttribute("data-outcome")).toBe("pass");
    await capture(visitor, "verify-badge");
    await record.getByRole("button", { name: "撤销…" }).click();
    await record.getByRole("button", { name: "确认撤销" }).click();
    await registrar.getByText("已在链上撤销").waitFor();
    await capture(registrar, "batch-record-revoked");

    await go(visitor, "/verify");
    await setLang(visitor, "en");
    await visitor
      .getByLabel("Choose a credential file")
      .setInputFiles({ name: files[0], mimeType: "application/json", buffer: credential });
    await visitor.locator('[data-verdict="revoked"]').waitFor();
    expect(await visitor.locator('[data-verdict="revoked"] h2').textContent()).toBe("Revoked credential");
    expect(await visitor.locator('[data-check="notRevoked"]').getAttribute("data-outcome")).toBe("fail");
    await capture(visitor, "verify-revoked", "en");

    // Shared resources: member 2 publishes a lab, the registrar of member 1 requests two days of it.
    await go(home, "/console/resources");
    await setLang(home, "en");
    await home.getByLabel(/^Kind/).selectOption("labOrTrainingRoom");
    await home.getByLabel(/^Unit/).selectOption("day");
    await home.getByLabel("Price per unit (yuan)").fill("800.50");
    await home.getByLabel(/^Capacity/).fill("3");
    await home
      .getByLabel("Terms (who is responsible for what)")
      .fill("The host runs the lab; the user's staff supervise.");
    await home.getByRole("button", { name: "Publish a shared resource" }).click();
    await home.getByText("Published on chain.").waitFor();
    await go(registrar, "/console/resources");
    await registrar.getByRole("button", { name: "申请使用" }).first().click();
    await registrar.getByLabel(/^数量/).fill("2");
    await registrar.getByLabel("开始日期").fill("2026-03-02");
    await registrar.getByLabel("结束日期").fill("2026-03-03");
    await registrar.getByLabel("实习学生编号（可选）").fill("E2E-INTERN-1");
    await registrar.getByRole("button", { name: "申请使用" }).last().click();
    await registrar.getByText("已提交申请").waitFor();
    await capture(registrar, "resources");
    await go(registrar, "/console/resource-uses");
    await registrar.getByRole("cell", { name: "E2E-INTERN-1" }).waitFor();
    await capture(registrar, "resource-uses");

    expect(photographed.length).toBeGreaterThanOrEqual(20);
    expect(violations).toEqual([]);
  });
});
