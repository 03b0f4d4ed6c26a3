import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { credits, minorUnits, positiveInt, usage } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printPage, printResult } from "../output.js";
import { type Paging, pagingOptions } from "../paging.js";
import { formatAmount, formatCredits } from "../units.js";

/** `alliance courses ...`: the shared catalogue; hosts publish and retire, the evaluation committee certifies. */
export function registerCourseCommands(program: Command) {
  const courses = program.command("courses").description("the shared course catalogue");

  gatewayOptions(
    pagingOptions(
      courses
        .command("list")
        .description("list courses")
        .option("--host <memberId>", "only this host's courses", positiveInt("--host"))
        .option("--certified", "only certified courses")
        .option("--term <term>", "only this term's", positiveInt("--term")),
    ),
  ).action(async (o: GatewayOptions & Paging & { host?: number; certified?: boolean; term?: number }) => {
    const page = await withGateway(o, (g) =>
      g.listCourses({
        hostMemberId: o.host,
        tier: o.certified ? "certified" : undefined,
        term: o.term,
        limit: o.limit,
        offset: o.offset,
      }),
    );
    await printPage(program, page, o, async (items) => {
      const host = await createLookups(await gatewayClient(o)).members();
      return {
        columns: [
          { header: "course", align: "right" },
          { header: "code" },
          { header: "title" },
          { header: "host" },
          { header: "version", align: "right" },
          { header: "tier" },
          { header: "status" },
          { header: "credits", align: "right" },
          // Fees are minor units per whole credit, in the currency of the period that books them.
          { header: "fee/credit", align: "right" },
          { header: "term" },
          { header: "seats", align: "right" },
        ],
        rows: items.map((c) => [
          String(c.courseId),
          c.code,
          c.title ?? "",
          host(c.hostMemberId),
          String(c.latestVersion),
          c.tier,
          c.status,
          formatCredits(c.credits),
          formatAmount(c.feePerCredit),
          String(c.term),
          String(c.seats),
        ]),
      };
    });
  });

  gatewayOptions(
    courses
      .command("publish")
      .description("host: publish a shared course")
      .requiredOption("--code <code>", "course code, at most 31 characters")
      .requiredOption("--title <text>", "title and syllabus (hashed on chain; the text stays with you)")
      .requiredOption("--credits <credits>", "credits as on a transcript, e.g. 2.5", credits("--credits"))
      .requiredOption("--hours <n>", "contact hours", positiveInt("--hours"))
      .requiredOption("--fee <minorUnits>", "fee per whole credit in minor units", minorUnits("--fee"))
      .requiredOption("--term <term>", "term code, e.g. 20262", positiveInt("--term"))
      .requiredOption("--seats <n>", "seats offered", positiveInt("--seats")),
  ).action(
    async (
      o: GatewayOptions & {
        code: string;
        title: string;
        credits: string;
        hours: number;
        fee: string;
        term: number;
        seats: number;
      },
    ) => {
      const r = await withGateway(o, (g) =>
        g.publishCourse({
          code: o.code,
          metadata: o.title,
          credits: o.credits,
          contactHours: o.hours,
          feePerCredit: o.fee,
          term: o.term,
          seats: o.seats,
        }),
      );
      printResult(program, r, `published ${o.code} as course ${r.courseId}`);
    },
  );

  gatewayOptions(
    courses
      .command("certify")
      .argument("<courseId>", "the course", positiveInt("courseId"))
      .description(
        "evaluation committee: certify a course (home schools must then accept it in full), or --general to undo",
      )
      .requiredOption("--report <file>", "the committee's report; its hash goes on chain")
      .option("--general", "return the course to the general tier"),
  ).action(async (courseId: number, o: GatewayOptions & { report: string; general?: boolean }) => {
    const report = await readFile(o.report, "utf8").catch(() => usage(`cannot read the report ${o.report}`));
    const r = await withGateway(o, (g) =>
      g.setCourseTier(courseId, { tier: o.general ? "general" : "certified", report }),
    );
    printResult(
      program,
      r,
      `course ${courseId} is now ${o.general ? "general" : "certified"} (report hash ${r.reportHash})`,
    );
  });

  gatewayOptions(
    courses
      .command("retire")
      .argument("<courseId>", "the course", positiveInt("courseId"))
      .description("host: retire a course"),
  ).action(async (courseId: number, o: GatewayOptions) => {
    const r = await withGateway(o, (g) => g.retireCourse(courseId));
    printResult(program, r, `course ${courseId} retired`);
  });
}
