import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { bytes32, minorUnits, page, periodIdOf } from "../../validators.js";

export const STATUSES = ["claimed", "confirmed", "rejected"] as const;
export const KINDS = ["cash", "inKind", "expense", "reversal", "income"] as const;

const claimOf = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z
    .object({
      kind: z.literal(kind),
      reference: z.string().min(1).max(100),
      periodId: periodIdOf(false),
      ...shape,
      evidenceHash: bytes32,
    })
    .strict();
export const ClaimBody = z
  .discriminatedUnion("kind", [
    claimOf("cash", { amount: minorUnits }),
    claimOf("expense", { amount: minorUnits }),
    claimOf("inKind", { category: z.string().min(1).max(64), quantity: minorUnits, unitValue: minorUnits }),
    claimOf("reversal", { reverses: bytes32, amount: minorUnits }),
    claimOf("income", {
      source: z
        .string()
        .min(1)
        .max(64)
        .openapi({ description: "where the alliance's income came from, e.g. grant, training-fees, outside-funding" }),
      amount: minorUnits,
    }),
  ])
  .openapi("CostEntryClaim");
export const Reject = z.object({ reasonCode: z.number().int().min(1).max(65_535) }).strict();
export const EntryId = z.object({ entryId: bytes32 });
export const EntryQuery = z.object({
  periodId: periodIdOf(true).optional(),
  memberId: z.coerce.number().int().positive().optional(),
  status: z.enum(STATUSES).optional(),
  ...page,
});
export type EntryQuery = z.infer<typeof EntryQuery>;
export const CostEntry = z
  .object({
    entryId: z.string(),
    periodId: z.number(),
    memberId: z.number(),
    kind: z.enum(KINDS),
    amount: z.string(),
    status: z.enum(STATUSES),
    reasonCode: z.number().optional(),
    evidenceHash: z.string(),
    reverses: z.string().optional(),
    claimedAtBlock: z.number(),
    reference: z.string().optional(),
  })
  .openapi("CostEntry");
export const CostEntryPage = pageOf(CostEntry);
