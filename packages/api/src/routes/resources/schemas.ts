import { RESOURCE_KINDS, RESOURCE_UNITS, USE_STATUSES } from "@alliance-ledger/sdk";
import { z } from "zod";
import "../../http/zod.js";
import { pageOf } from "../../responseSchemas.js";
import { bytes32, minorUnits, page } from "../../validators.js";

export const RESOURCE_STATUS_NAMES = ["active", "retired"] as const;
export const USE_STATUS_NAMES = USE_STATUSES.filter((s) => s !== "none") as Exclude<
  (typeof USE_STATUSES)[number],
  "none"
>[];

const uint32 = z
  .number()
  .int()
  .max(2 ** 32 - 1);
const id32 = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 32 - 1);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date, YYYY-MM-DD")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    "not a calendar date",
  )
  .openapi({ example: "2026-03-02" });
const text = (description: string) => z.string().trim().min(1).max(2_000).openapi({ description });
const personRef = z.string().trim().min(1).max(200).openapi({
  description:
    "your own reference of the person (staff or student number): only its salted commitment goes on chain; the reference is kept for your school's keys alone",
});

const ResourceTerms = z.object({
  unit: z.enum(RESOURCE_UNITS),
  pricePerUnit: minorUnits.openapi({
    description: "minor units per unit, as a string; zero allowed",
    example: "80000",
  }),
  capacity: uint32.min(1).openapi({ description: "units that may be accepted and not yet delivered at once" }),
  termsHash: bytes32.openapi({
    description: "hash of the terms document (e.g. its SHA-256): who is responsible for what",
  }),
});
export const PublishResource = ResourceTerms.extend({
  kind: z.enum(RESOURCE_KINDS),
  kindName: z.string().min(1).max(64).optional().openapi({
    description:
      'with kind "other" only, and then required: the kind\'s name in the charter; its code keccak256("alliance.resource-kind." + name) goes on chain',
    example: "sports-ground",
  }),
})
  .strict()
  .superRefine((b, ctx) => {
    if ((b.kind === "other") !== (b.kindName !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["kindName"],
        message: 'a kind name is required with kind "other", and only then',
      });
  })
  .openapi("PublishResource");
export const ResourceVersion = ResourceTerms.strict().openapi("PublishResourceVersion");

export const ResourceId = z.object({ resourceId: id32 });
export const UseId = z.object({ useId: z.string().regex(/^[1-9]\d{0,30}$/, "expected a use id") });

export const ResourceQuery = z.object({
  hostMemberId: id32.optional(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  status: z.enum(RESOURCE_STATUS_NAMES).optional(),
  ...page,
});
export type ResourceQuery = z.infer<typeof ResourceQuery>;

export const Resource = z
  .object({
    resourceId: z.number(),
    hostMemberId: z.number(),
    kind: z.enum(RESOURCE_KINDS),
    kindCode: z
      .string()
      .nullable()
      .openapi({ description: 'the charter\'s code of an "other" kind; null for the named kinds' }),
    status: z.enum(RESOURCE_STATUS_NAMES),
    latestVersion: z.number(),
    unit: z.enum(RESOURCE_UNITS),
    pricePerUnit: z.string().openapi({ description: "the latest version's, in minor units" }),
    capacity: z.number(),
    termsHash: z.string(),
  })
  .openapi("Resource");
export const ResourcePage = pageOf(Resource);

export const RequestUse = z
  .object({
    resourceId: id32,
    quantity: uint32.min(1),
    startDay: isoDate,
    endDay: isoDate,
    personRef: personRef.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.endDay < b.startDay) ctx.addIssue({ code: "custom", path: ["endDay"], message: "ends before it starts" });
  })
  .openapi("RequestResourceUse");
export const AcceptUse = z.object({ personRef: personRef.optional() }).strict().openapi("AcceptResourceUse");
export const DeclineUse = z
  .object({ reason: text("why; its keccak-256 goes on chain, the text stays with the gateway's caller") })
  .strict()
  .openapi("DeclineResourceUse");
export const DisputeUse = DeclineUse.openapi("DisputeResourceUse");
export const DeliverUse = z
  .object({
    quantity: uint32.min(0).openapi({ description: "delivered: 0 to the accepted quantity" }),
    note: text("the delivery record (a timesheet's reference); its keccak-256 goes on chain").optional(),
    evidenceHash: bytes32.optional().openapi({ description: "or the hash of the delivery record's document" }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.note === undefined) === (b.evidenceHash === undefined))
      ctx.addIssue({ code: "custom", path: ["note"], message: "give a note or an evidenceHash (one of them)" });
  })
  .openapi("DeliverResourceUse");
export const ResolveUse = z
  .object({
    quantity: uint32.min(0).openapi({ description: "the quantity billed: 0 to the delivered quantity" }),
    reason: text("the secretariat's reasons; their keccak-256 goes on chain"),
  })
  .strict()
  .openapi("ResolveResourceDispute");

export const UseQuery = z.object({
  resourceId: id32.optional(),
  userId: id32.optional(),
  hostMemberId: id32.optional(),
  status: z.enum(USE_STATUS_NAMES as [string, ...string[]]).optional(),
  periodId: id32.optional(),
  ...page,
});
export type UseQuery = z.infer<typeof UseQuery>;

export const ResourceUse = z
  .object({
    useId: z.string(),
    resourceId: z.number(),
    version: z.number(),
    userId: z.number(),
    hostMemberId: z.number(),
    status: z.enum(USE_STATUS_NAMES as [string, ...string[]]),
    quantity: z.number(),
    deliveredQuantity: z.number(),
    billedQuantity: z.number(),
    startDay: z.string().openapi({ example: "2026-03-02" }),
    endDay: z.string(),
    unit: z.enum(RESOURCE_UNITS),
    pricePerUnit: z.string(),
    fee: z
      .string()
      .openapi({ description: 'minor units payable by the user to the host; "0" until confirmed or resolved' }),
    periodId: z.number().nullable().openapi({ description: "the period the fee accrued in" }),
    disputedBy: z.number().optional(),
    userPersonCommitment: z.string().nullable(),
    hostPersonCommitment: z.string().nullable(),
    personRef: z.string().optional().openapi({
      description: "the person your own school named (intern or seconded teacher), shown to your school's keys only",
    }),
  })
  .openapi("ResourceUse");
export const ResourceUsePage = pageOf(ResourceUse);

const chainWrites = z.array(z.record(z.string(), z.unknown())).optional();
export const ResourcePublished = z
  .object({ resourceId: z.number(), kindCode: z.string(), transactionHash: z.string(), chainWrites })
  .openapi("ResourcePublished");
export const ResourceVersionPublished = z
  .object({ resourceId: z.number(), version: z.number(), transactionHash: z.string(), chainWrites })
  .openapi("ResourceVersionPublished");
export const UseRequested = z
  .object({
    useId: z.string(),
    version: z.number(),
    hostMemberId: z.number(),
    personCommitment: z.string().nullable(),
    transactionHash: z.string(),
    chainWrites,
  })
  .openapi("ResourceUseRequested");
export const UseWritten = z
  .object({
    useId: z.string(),
    status: z.enum(USE_STATUS_NAMES as [string, ...string[]]),
    transactionHash: z.string(),
    personCommitment: z.string().nullable().optional(),
    reasonHash: z.string().optional(),
    deliveryHash: z.string().optional(),
    fee: z.string().optional(),
    periodId: z.number().nullable().optional(),
    chainWrites,
  })
  .openapi("ResourceUseWritten");
