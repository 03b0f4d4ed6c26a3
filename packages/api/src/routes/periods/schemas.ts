import { z } from "zod";
import "../../http/zod.js";
import { pageOf } from "../../responseSchemas.js";
import { page } from "../../validators.js";

export const OpenPeriod = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as CNY"),
    shares: z
      .array(
        z.object({ memberId: z.number().int().positive(), shareBps: z.number().int().min(0).max(10_000) }).strict(),
      )
      .min(1)
      .max(1_000),
  })
  .strict()
  .refine((p) => p.shares.reduce((s, x) => s + x.shareBps, 0) === 10_000, {
    message: "shares must sum to 10,000 basis points",
    path: ["shares"],
  })
  .openapi("OpenPeriod");
export const PeriodId = z.object({ periodId: z.coerce.number().int().positive() });
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
