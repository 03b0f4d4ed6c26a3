import type { Command } from "commander";
import type { GatewayDecision } from "@alliance-ledger/sdk";
import { credits, positiveInt, usage } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printPage, printResult } from "../output.js";
import { type Paging, pagingOptions } from "../paging.js";
import { formatCredits } from "../units.js";

/** `alliance recognise ...`: a home school's inbox of its students' credits from other members, and its decisions. */
export function registerRecogniseCommands(program: Command) {
  const recognise = program
    .command("recognise")
    .alias("recognize")
    .description("decide on credits your students earned at other members");

  gatewayOptions(
    pagingOptions(
      recognise
        .command("inbox")
        .description("attestations awaiting your decision (500 at a time; narrow with the filters, page with --offset)")
        .option("--issuer <memberId>", "only from this member", positiveInt("--issuer"))
        .option("--course <courseId>", "only this course", positiveInt("--course")),
    ),
  ).action(async (o: GatewayOptions & Paging & { issuer?: number; course?: number }) => {
    const page = await withGateway(o, (g) =>
      g.recognitionInbox({ issuerId: o.issuer, courseId: o.course, limit: o.limit, offset: o.offset }),
    );
    await printPage(program, page, o, async (items) => {
      const lookups = createLookups(await gatewayClient(o));
      const [issuer, course] = await Promise.all([lookups.members(), lookups.courses(items.map((i) => i.courseId))]);
      return {
        columns: [
          { header: "attestation" },
          { header: "issuer" },
          { header: "course" },
          { header: "credits", align: "right" },
          { header: "student" },
        ],
        rows: items.map((i) => [i.id, issuer(i.issuerId), course(i.courseId), formatCredits(i.credits), i.studentRef]),
      };
    });
  });

  gatewayOptions(
    pagingOptions(
      recognise
        .command("received")
        .description(
          "one gateway per member: other schools' batches your gateway fetches (pending ones are retried; a mismatch names altered or withheld records)",
        )
        .option("--status <status>", "pending | delivered | mismatch"),
    ),
  ).action(async (o: GatewayOptions & Paging & { status?: string }) => {
    if (o.status !== undefined && !["pending", "delivered", "mismatch"].includes(o.status))
      usage(`--status takes pending, delivered or mismatch; "${o.status}" is not one`);
    const page = await withGateway(o, (g) =>
      g.receivedBatches({
        status: o.status as "pending" | "delivered" | "mismatch" | undefined,
        limit: o.limit,
        offset: o.offset,
      }),
    );
    await printPage(program, page, o, async (items) => {
      const issuer = await createLookups(await gatewayClient(o)).members();
      return {
        columns: [
          { header: "batch" },
          { header: "issuer" },
          { header: "records", align: "right" },
          { header: "status" },
          { header: "next try" },
          { header: "problems" },
        ],
        rows: items.map((b) => [
          `${b.root.slice(0, 10)}…${b.root.slice(-4)}`,
          issuer(b.issuerId),
          String(b.count),
          b.status,
          b.status === "pending" ? b.nextAttemptAt : "",
          b.problems.length ? b.problems.join(" | ") : (b.lastError ?? ""),
        ]),
      };
    });
  });

  const decide = async (o: GatewayOptions, decisions: GatewayDecision[]) => {
    const r = await withGateway(o, (g) => g.decide({ decisions }));
    printResult(program, r, `${r.decided} decision(s) recorded on chain (${r.transactionHash})`);
  };
  gatewayOptions(
    recognise.command("accept").argument("<attestationIds...>", "from the inbox").description("accept in full"),
  ).action(async (ids: string[], o: GatewayOptions) =>
    decide(
      o,
      ids.map((attestationId) => ({ attestationId, decision: "accept" })),
    ),
  );
  gatewayOptions(
    recognise
      .command("reject")
      .argument("<attestationIds...>", "from the inbox")
      .description("reject, with a reason code from the alliance's list")
      .requiredOption("--reason <code>", "reason code", positiveInt("--reason")),
  ).action(async (ids: string[], o: GatewayOptions & { reason: number }) =>
    decide(
      o,
      ids.map((attestationId) => ({ attestationId, decision: "reject", reasonCode: o.reason })),
    ),
  );
  gatewayOptions(
    recognise
      .command("convert")
      .argument("<attestationId>", "from the inbox")
      .description("accept as a local course, with the credits your conversion rule gives")
      .requiredOption("--credits <credits>", "credits recognised, as on a transcript (e.g. 2.5)", credits("--credits"))
      .requiredOption("--local-course <code>", "your course it counts as")
      .requiredOption("--rule <name>", "the conversion rule applied"),
  ).action(async (attestationId: string, o: GatewayOptions & { credits: string; localCourse: string; rule: string }) =>
    decide(o, [
      {
        attestationId,
        decision: "convert",
        recognisedCredits: o.credits,
        localCourse: o.localCourse,
        conversionRule: o.rule,
      },
    ]),
  );
}
