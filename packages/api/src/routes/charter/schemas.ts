import { z } from "zod";
import "../../http/zod.js";

const SharesDecision = z
  .object({
    periodId: z.number().openapi({ description: "0: the charter's shares" }),
    proposalId: z.number(),
    shares: z.array(z.object({ memberId: z.number(), shareBps: z.number() })),
  })
  .nullable();

export const CharterTerms = z
  .object({
    shares: SharesDecision.openapi({ description: "the charter's investment shares, null until the council decides" }),
    nextPeriod: z.object({
      periodId: z.number(),
      source: z.enum(["period", "charter", "none"]),
      shares: SharesDecision,
    }),
    contributionRule: z.object({
      minContributionIndex: z.number().openapi({ description: "0 flags nobody" }),
      periodsBeforeSuspension: z.number().openapi({ description: "0 never proposes a suspension" }),
      minPeriodDays: z
        .number()
        .openapi({ description: "shorter periods, and those with no cost or hosting, are not judged" }),
      proposalId: z.number().nullable(),
    }),
  })
  .openapi("CharterTerms");
