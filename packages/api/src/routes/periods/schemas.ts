import { z } from "zod";
import "../../http/zod.js";
import { pageOf } from "../../responseSchemas.js";
import { page, periodIdOf } from "../../validators.js";
import { Shares } from "../proposals/schemas.js";

export const OpenPeriod = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as CNY"),
    shares: Shares.optional().openapi({
      description:
        "the shares the council decided, repeated as a check; omitted, the decided ones (this period's own, else the charter's)",
    }),
  })
  .strict()
  .openapi("OpenPeriod");
export const PeriodId = z.object({ periodId: periodIdOf(true) });
export const PeriodQuery = z.object({ ...page });
export type PeriodQuery = z.infer<typeof PeriodQuery>;
export const PeriodSummary = z
  .object({
    periodId: z.number(),
    currency: z.string(),
    closed: z.boolean(),
    shares: z.array(z.object({ memberId: z.number(), shareBps: z.number() })),
    reportHash: z.string().nullable(),
  })
  .openapi("PeriodSummary");
export const PeriodPage = pageOf(PeriodSummary);
