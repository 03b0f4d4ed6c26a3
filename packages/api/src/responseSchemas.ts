import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import "./http/zod.js";

/**
 * The bodies of success answers, for the OpenAPI document (a client generated from it types every
 * answer). Money and big ids are decimal strings; credits are as on a transcript unless a field says
 * otherwise.
 */

/** `{ "application/json": { schema } }` for a response's `content`. */
export const json = (schema: z.ZodType) => ({ "application/json": { schema } });

const components: Array<[name: string, schema: z.ZodType]> = [];
/** Names a shared schema (routes referring to it get a `$ref`) and lists it for {@link registerResponseSchemas}. */
function component<T extends z.ZodType>(name: string, schema: T): T {
  const named = schema.openapi(name);
  components.push([name, named]);
  return named;
}

/** Registers every shared answer schema in a gateway's registry, referenced or not (clients may name them). */
export function registerResponseSchemas(registry: OpenAPIRegistry): void {
  for (const [name, schema] of components) registry.register(name, schema);
}

const chainWrites = z.array(z.record(z.string(), z.unknown())).optional().openapi({
  description:
    "on a retry, once the node lost this write and the gateway sent it again: where each of its transactions stands now (see GET /chain-writes)",
});
const transactionHash = z.string().openapi({ description: "the transaction that carried the write" });

export const Written = component("Written", z.object({ transactionHash, chainWrites }));
export const EntryWritten = component(
  "EntryWritten",
  z.object({
    entryId: z.string(),
    transactionHash: transactionHash.nullable().openapi({ description: "null when the claim was already on chain" }),
    alreadyRecorded: z.boolean().optional(),
    chainWrites,
  }),
);
export const Registered = component("Registered", z.object({ memberId: z.number(), transactionHash, chainWrites }));
export const KeysRotated = component("KeysRotated", z.object({ transactionHashes: z.array(z.string()), chainWrites }));
export const Proposed = component(
  "Proposed",
  z.object({ proposalId: z.string(), executed: z.boolean(), transactionHash, chainWrites }),
);
export const Approved = component(
  "Approved",
  z.object({ executed: z.boolean(), approvals: z.number(), transactionHash, chainWrites }),
);
export const CoursePublished = component(
  "CoursePublished",
  z.object({ courseId: z.number(), transactionHash, chainWrites }),
);
export const VersionPublished = component(
  "VersionPublished",
  z.object({ version: z.number(), transactionHash, chainWrites }),
);
export const TierSet = component(
  "TierSet",
  z.object({ version: z.number(), reportHash: z.string(), transactionHash, chainWrites }),
);
export const Superseded = component(
  "Superseded",
  z.object({ transactionHash, replacementLeaf: z.string(), chainWrites }),
);
export const Relayed = component("Relayed", z.object({ transactionHash, blockNumber: z.number(), chainWrites }));
export const Decided = component(
  "Decided",
  z.object({ decided: z.number(), transactionHash, blockNumber: z.number(), chainWrites }),
);
export const PeriodOpened = component("PeriodOpened", z.object({ periodId: z.number(), transactionHash, chainWrites }));

const minor = z.string().openapi({ description: "minor units (fen), as a decimal string" });
export const Reconciliation = component(
  "Reconciliation",
  z.object({
    format: z.string().optional().openapi({ description: "in a closing report: the report format's name" }),
    periodId: z.number(),
    currency: z.string(),
    totalCost: minor,
    totalIncome: minor,
    members: z.array(
      z.object({
        memberId: z.number(),
        shareBps: z.number(),
        contributed: minor,
        expensesPaid: minor,
        feesReceivable: minor,
        feesPayable: minor,
        incomeReceived: minor,
        allocatedCost: minor,
        net: minor.openapi({ description: "positive: the alliance owes the member; negative: the member owes" }),
      }),
    ),
    settlements: z.array(z.object({ payerId: z.number(), payeeId: z.number(), amount: minor })),
  }),
);
export const PeriodClosed = component(
  "PeriodClosed",
  z.object({ reportHash: z.string(), transactionHash, report: Reconciliation, chainWrites }),
);
export const SettlementRecorded = component(
  "SettlementRecorded",
  z.object({
    settlementId: z.string(),
    transactionHash: transactionHash.nullable(),
    alreadyRecorded: z.boolean(),
    chainWrites,
  }),
);
export const CredentialFileBody = component(
  "CredentialFile",
  z
    .record(z.string(), z.unknown())
    .openapi({ description: "a credential file, format v2 (docs/credential-format.md)" }),
);
export const OpenBadge = component(
  "OpenBadgeCredential",
  z.record(z.string(), z.unknown()).openapi({ description: "a W3C VC 2.0 / Open Badges 3.0 AchievementCredential" }),
);
export const BatchCredentials = component(
  "BatchCredentials",
  z.object({ batchRoot: z.string(), issuerId: z.number(), items: z.array(CredentialFileBody) }),
);
export const AuditReport = component(
  "AuditReport",
  z.object({
    passed: z.boolean(),
    scope: z.record(z.string(), z.unknown()),
    counts: z.record(z.string(), z.number()),
    discrepancies: z.array(
      z.object({ code: z.string(), recordType: z.string(), recordId: z.string(), message: z.string() }),
    ),
  }),
);
/** One member's row of a period's performance (SDK `scoreMembers`): counts, credits in hundredths, money in minor units. */
const PerformanceMember = z.object({
  memberId: z.number(),
  coursesOffered: z.number(),
  seatsOffered: z.number(),
  studentsHosted: z.number(),
  creditsRecognised: z.number().openapi({ description: "hundredths of a credit" }),
  recognitionsDecided: z.number(),
  resourceUsesHosted: z.number(),
  resourceUsesUsed: z.number(),
  contributed: minor,
  expectedContribution: minor,
  incomeReceived: minor,
  feesReceivable: minor,
  feesPayable: minor,
  contributionIndex: z.number().openapi({ description: "1 is full; at most 2" }),
  belowMinimum: z.boolean(),
  consecutiveLowPeriods: z.number(),
  suspensionProposalId: z.string().optional(),
});

export const Performance = component(
  "Performance",
  z.object({
    periodId: z.number(),
    closed: z.boolean(),
    minContributionIndex: z.number().openapi({ description: "the charter's minimum; 0 flags nobody" }),
    periodsBeforeSuspension: z.number(),
    minPeriodDays: z.number(),
    judged: z.boolean().nullable().openapi({ description: "for a closed period: whether its close judged members" }),
    members: z.array(PerformanceMember),
  }),
);

/** A page of a list: its items, and how many match (exactly up to 1,000, else "at least"). */
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z
      .number()
      .int()
      .openapi({ description: "rows matching the filter; at least this many when totalExact is false" }),
    totalExact: z.boolean().openapi({ description: "false past 1,000 matching rows: show the total as 1,000+" }),
  });
