import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { GatewayResource, GatewayResourceUse } from "@alliance-ledger/sdk";
import { minorUnits, positiveInt, usage } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printPage, printResult } from "../output.js";
import { type Paging, pagingOptions } from "../paging.js";
import { formatAmount } from "../units.js";

const KINDS = [
  "teacherSecondment",
  "labOrTrainingRoom",
  "equipment",
  "practiceBase",
  "libraryOrDigitalCollection",
  "other",
] as const;
const UNITS = ["hour", "day", "seat", "placement", "licence"] as const;
const USE_STATUSES = [
  "requested",
  "accepted",
  "declined",
  "cancelled",
  "delivered",
  "confirmed",
  "disputed",
  "resolved",
] as const;

/** Parses one of `values` or stops with exit code 2 listing them. */
function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (value: string) => {
    if (!values.includes(value as T)) usage(`${name} must be one of ${values.join(", ")}; got "${value}"`);
    return value as T;
  };
}

/** A whole number, zero allowed (a delivery or a resolution of nothing). */
function wholeNumber(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) usage(`${name} must be a whole number, got "${value}"`);
    return Number(value);
  };
}

function isoDate(name: string) {
  return (value: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
      usage(`${name} must be a date as YYYY-MM-DD, got "${value}"`);
    return value;
  };
}

function useId(value: string) {
  if (!/^[1-9]\d*$/.test(value)) usage(`useId must be a positive whole number, got "${value}"`);
  return value;
}

/** The SHA-256 of a file, 0x-prefixed, as its hash goes on chain. */
async function fileHash(path: string, what: string): Promise<string> {
  const bytes = await readFile(path).catch(() => usage(`cannot read the ${what} ${path}`));
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

type Terms = { unit: (typeof UNITS)[number]; price: string; capacity: number; terms: string };
const withTerms = (command: Command) =>
  command
    .requiredOption("--unit <unit>", `what is counted: ${UNITS.join(", ")}`, oneOf("--unit", UNITS))
    .requiredOption("--price <minorUnits>", "price per unit in minor units (0 allowed)", minorUnits("--price"))
    .requiredOption(
      "--capacity <n>",
      "units that may be accepted and not yet delivered at once",
      positiveInt("--capacity"),
    )
    .requiredOption("--terms <file>", "the terms document (responsibilities included); its SHA-256 goes on chain");
const termsOf = async (o: Terms) => ({
  unit: o.unit,
  pricePerUnit: o.price,
  capacity: o.capacity,
  termsHash: await fileHash(o.terms, "terms document"),
});

/**
 * `alliance resources ...`: shared resources (seconded teachers, labs, equipment, practice bases,
 * collections). Hosts publish, version and retire; users request; hosts accept or decline and record
 * delivery; users confirm or either party disputes; the secretariat resolves.
 */
export function registerResourceCommands(program: Command) {
  const resources = program.command("resources").description("shared resources and their use between members");

  gatewayOptions(
    pagingOptions(
      resources
        .command("list")
        .description("list shared resources with their latest terms")
        .option("--host <memberId>", "only this host's", positiveInt("--host"))
        .option("--kind <kind>", `only this kind: ${KINDS.join(", ")}`, oneOf("--kind", KINDS))
        .option("--status <status>", "active or retired", oneOf("--status", ["active", "retired"] as const)),
    ),
  ).action(
    async (
      o: GatewayOptions & Paging & { host?: number; kind?: GatewayResource["kind"]; status?: "active" | "retired" },
    ) => {
      const page = await withGateway(o, (g) =>
        g.listResources({ hostMemberId: o.host, kind: o.kind, status: o.status, limit: o.limit, offset: o.offset }),
      );
      await printPage(program, page, o, async (items) => {
        const member = await createLookups(await gatewayClient(o)).members();
        return {
          columns: [
            { header: "resource", align: "right" },
            { header: "kind" },
            { header: "host" },
            { header: "version", align: "right" },
            { header: "status" },
            { header: "unit" },
            // Minor units per unit, in the currency of the period that books the fee.
            { header: "price/unit", align: "right" },
            { header: "capacity", align: "right" },
          ],
          rows: items.map((r) => [
            String(r.resourceId),
            r.kind,
            member(r.hostMemberId),
            String(r.latestVersion),
            r.status,
            r.unit,
            formatAmount(r.pricePerUnit),
            String(r.capacity),
          ]),
        };
      });
    },
  );

  gatewayOptions(
    withTerms(
      resources
        .command("publish")
        .description("host: publish a shared resource")
        .requiredOption("--kind <kind>", KINDS.join(", "), oneOf("--kind", KINDS))
        .option("--kind-name <name>", 'with --kind other: the kind\'s name in the charter (e.g. "sports-ground")'),
    ),
  ).action(async (o: GatewayOptions & Terms & { kind: GatewayResource["kind"]; kindName?: string }) => {
    if ((o.kind === "other") !== (o.kindName !== undefined)) usage("--kind-name goes with --kind other, and only then");
    const terms = await termsOf(o);
    const r = await withGateway(o, (g) => g.publishResource({ kind: o.kind, kindName: o.kindName, ...terms }));
    printResult(program, r, `published resource ${r.resourceId} (${o.kind})`);
  });

  gatewayOptions(
    withTerms(
      resources
        .command("version")
        .argument("<resourceId>", "the resource", positiveInt("resourceId"))
        .description("host: publish new terms for a resource (uses keep the version they were requested under)"),
    ),
  ).action(async (resourceId: number, o: GatewayOptions & Terms) => {
    const terms = await termsOf(o);
    const r = await withGateway(o, (g) => g.publishResourceVersion(resourceId, terms));
    printResult(program, r, `resource ${resourceId} is now at version ${r.version}`);
  });

  gatewayOptions(
    resources
      .command("retire")
      .argument("<resourceId>", "the resource", positiveInt("resourceId"))
      .description("host: retire a resource (no new requests; uses under way go on)"),
  ).action(async (resourceId: number, o: GatewayOptions) => {
    const r = await withGateway(o, (g) => g.retireResource(resourceId));
    printResult(program, r, `resource ${resourceId} retired`);
  });

  gatewayOptions(
    pagingOptions(
      resources
        .command("uses")
        .description("list uses your school requested or hosts (the secretariat and auditors: all)")
        .option("--resource <resourceId>", "only this resource's", positiveInt("--resource"))
        .option("--user <memberId>", "only this user's", positiveInt("--user"))
        .option("--host <memberId>", "only this host's", positiveInt("--host"))
        .option("--status <status>", USE_STATUSES.join(", "), oneOf("--status", USE_STATUSES))
        .option("--period <periodId>", "only fees booked in this period", positiveInt("--period")),
    ),
  ).action(
    async (
      o: GatewayOptions &
        Paging & {
          resource?: number;
          user?: number;
          host?: number;
          status?: GatewayResourceUse["status"];
          period?: number;
        },
    ) => {
      const page = await withGateway(o, (g) =>
        g.listResourceUses({
          resourceId: o.resource,
          userId: o.user,
          hostMemberId: o.host,
          status: o.status,
          periodId: o.period,
          limit: o.limit,
          offset: o.offset,
        }),
      );
      await printPage(program, page, o, async (items) => {
        const lookups = createLookups(await gatewayClient(o));
        const member = await lookups.members();
        const currency = await lookups.currencies(items.flatMap((u) => (u.periodId ? [u.periodId] : [])));
        return {
          columns: [
            { header: "use", align: "right" },
            { header: "resource", align: "right" },
            { header: "user" },
            { header: "host" },
            { header: "status" },
            { header: "days" },
            { header: "quantity", align: "right" },
            { header: "delivered", align: "right" },
            { header: "billed", align: "right" },
            { header: "fee", align: "right" },
            { header: "period", align: "right" },
            { header: "person" },
          ],
          rows: items.map((u) => [
            u.useId,
            String(u.resourceId),
            member(u.userId),
            member(u.hostMemberId),
            u.status,
            u.startDay === u.endDay ? u.startDay : `${u.startDay}..${u.endDay}`,
            `${u.quantity} ${u.unit}`,
            String(u.deliveredQuantity),
            String(u.billedQuantity),
            u.periodId ? `${currency(u.periodId) ?? ""} ${formatAmount(u.fee, currency(u.periodId))}`.trim() : "",
            u.periodId ? String(u.periodId) : "",
            u.personRef ?? "",
          ]),
        };
      });
    },
  );

  gatewayOptions(
    resources
      .command("request")
      .argument("<resourceId>", "the resource", positiveInt("resourceId"))
      .description("user: request a quantity of a resource for the days given")
      .requiredOption("--quantity <n>", "units wanted", positiveInt("--quantity"))
      .requiredOption("--from <date>", "first day, YYYY-MM-DD", isoDate("--from"))
      .option("--to <date>", "last day, YYYY-MM-DD (default: --from)", isoDate("--to"))
      .option("--person <ref>", "your reference of the intern; only its salted commitment goes on chain"),
  ).action(
    async (
      resourceId: number,
      o: GatewayOptions & { quantity: number; from: string; to?: string; person?: string },
    ) => {
      const r = await withGateway(o, (g) =>
        g.requestResourceUse({
          resourceId,
          quantity: o.quantity,
          startDay: o.from,
          endDay: o.to ?? o.from,
          ...(o.person === undefined ? {} : { personRef: o.person }),
        }),
      );
      printResult(program, r, `requested use ${r.useId} of resource ${resourceId} (version ${r.version})`);
    },
  );

  gatewayOptions(
    resources
      .command("accept")
      .argument("<useId>", "the use", useId)
      .description("host: accept a requested use")
      .option("--person <ref>", "your reference of the seconded teacher; only its salted commitment goes on chain"),
  ).action(async (id: string, o: GatewayOptions & { person?: string }) => {
    const r = await withGateway(o, (g) =>
      g.acceptResourceUse(id, o.person === undefined ? {} : { personRef: o.person }),
    );
    printResult(program, r, `use ${id} accepted`);
  });

  gatewayOptions(
    resources
      .command("decline")
      .argument("<useId>", "the use", useId)
      .description("host: decline a requested use")
      .requiredOption("--reason <text>", "why (its hash goes on chain)"),
  ).action(async (id: string, o: GatewayOptions & { reason: string }) => {
    const r = await withGateway(o, (g) => g.declineResourceUse(id, { reason: o.reason }));
    printResult(program, r, `use ${id} declined`);
  });

  gatewayOptions(
    resources
      .command("cancel")
      .argument("<useId>", "the use", useId)
      .description("user: cancel a request before the host decides"),
  ).action(async (id: string, o: GatewayOptions) => {
    const r = await withGateway(o, (g) => g.cancelResourceUse(id));
    printResult(program, r, `use ${id} cancelled`);
  });

  gatewayOptions(
    resources
      .command("deliver")
      .argument("<useId>", "the use", useId)
      .description("host: record what was delivered (0 to the accepted quantity)")
      .requiredOption("--quantity <n>", "units delivered", wholeNumber("--quantity"))
      .option("--note <text>", "the delivery record (its hash goes on chain)")
      .option("--evidence <file>", "or the delivery record's document (its SHA-256 goes on chain)"),
  ).action(async (id: string, o: GatewayOptions & { quantity: number; note?: string; evidence?: string }) => {
    if ((o.note === undefined) === (o.evidence === undefined)) usage("give --note or --evidence (one of them)");
    const record = o.evidence
      ? { evidenceHash: await fileHash(o.evidence, "delivery record") }
      : { note: o.note as string };
    const r = await withGateway(o, (g) => g.deliverResourceUse(id, { quantity: o.quantity, ...record }));
    printResult(program, r, `use ${id}: ${o.quantity} delivered`);
  });

  gatewayOptions(
    resources
      .command("confirm")
      .argument("<useId>", "the use", useId)
      .description("user: confirm the delivery; its fee accrues into the open period"),
  ).action(async (id: string, o: GatewayOptions) => {
    const r = await withGateway(o, (g) => g.confirmResourceUse(id));
    printResult(
      program,
      r,
      r.periodId
        ? `use ${id} confirmed: fee ${formatAmount(r.fee ?? "0")} in period ${r.periodId}`
        : `use ${id} confirmed (no fee)`,
    );
  });

  gatewayOptions(
    resources
      .command("dispute")
      .argument("<useId>", "the use", useId)
      .description("user or host: dispute a recorded delivery; the secretariat resolves it")
      .requiredOption("--reason <text>", "why (its hash goes on chain)"),
  ).action(async (id: string, o: GatewayOptions & { reason: string }) => {
    const r = await withGateway(o, (g) => g.disputeResourceUse(id, { reason: o.reason }));
    printResult(program, r, `use ${id} disputed`);
  });

  gatewayOptions(
    resources
      .command("resolve")
      .argument("<useId>", "the use", useId)
      .description("secretariat: resolve a dispute, finally, with the quantity billed")
      .requiredOption("--quantity <n>", "units billed (0 to the delivered quantity)", wholeNumber("--quantity"))
      .requiredOption("--reason <text>", "the secretariat's reasons (their hash goes on chain)"),
  ).action(async (id: string, o: GatewayOptions & { quantity: number; reason: string }) => {
    const r = await withGateway(o, (g) => g.resolveResourceDispute(id, { quantity: o.quantity, reason: o.reason }));
    printResult(
      program,
      r,
      r.periodId
        ? `use ${id} resolved at ${o.quantity}: fee ${formatAmount(r.fee ?? "0")} in period ${r.periodId}`
        : `use ${id} resolved at ${o.quantity} (no fee)`,
    );
  });
}
