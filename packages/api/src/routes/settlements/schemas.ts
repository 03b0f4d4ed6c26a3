import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { minorUnits, page, periodIdOf } from "../../validators.js";

export const RecordSettlement = z
  .object({
    periodId: periodIdOf(false),
    payeeId: z.number().int().positive(),
    amount: minorUnits,
    paymentReference: z.string().min(1).max(100),
  })
  .strict()
  .openapi("RecordSettlement");
export const SettlementQuery = z.object({
  periodId: periodIdOf(true).optional(),
  confirmed: z.enum(["true", "false"]).optional(),
  ...page,
});
export type SettlementQuery = z.infer<typeof SettlementQuery>;
export const Settlement = z
  .object({
    settlementId: z.string(),
    periodId: z.number(),
    payerId: z.number(),
    payeeId: z.number(),
    amount: z.string(),
    paymentRefHash: z.string(),
    confirmed: z.boolean(),
    recordedAtBlock: z.number(),
  })
  .openapi("Settlement");
export type Settlement = z.infer<typeof Settlement>;
export const SettlementPage = pageOf(Settlement);
// A uint256 on chain: a decimal string in the path, documented as one.
export const SettlementId = z.object({
  settlementId: z.coerce.bigint().positive().openapi({ type: "string", pattern: "^[0-9]+$" }),
});
