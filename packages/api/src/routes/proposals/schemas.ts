import { pageOf } from "../../responseSchemas.js";
import { ProposalAction, ROLE_IDS } from "@alliance-ledger/sdk";
import { z } from "zod";
import "../../http/zod.js";
import { address, bytes32, page } from "../../validators.js";

export const ACTIONS = {
  admit: ProposalAction.Admit,
  suspend: ProposalAction.Suspend,
  reinstate: ProposalAction.Reinstate,
  withdraw: ProposalAction.Withdraw,
  amendCharter: ProposalAction.AmendCharter,
  grantRole: ProposalAction.GrantRole,
  revokeRole: ProposalAction.RevokeRole,
  recoverKey: ProposalAction.RecoverKey,
  decideShares: ProposalAction.DecideShares,
  setContributionRule: ProposalAction.SetContributionRule,
} as const;
export const ROLES = {
  secretariat: ROLE_IDS.secretariat,
  council: ROLE_IDS.council,
  auditor: ROLE_IDS.auditor,
  evaluationCommittee: ROLE_IDS.evaluationCommittee,
} as const;
export const ACTION_NAMES = Object.keys(ACTIONS) as Array<keyof typeof ACTIONS>;

/** Investment shares in basis points, one per member, summing to 10,000. */
export const Shares = z
  .array(z.object({ memberId: z.number().int().positive(), shareBps: z.number().int().min(0).max(10_000) }).strict())
  .min(1)
  .max(1_000)
  .refine((s) => s.reduce((sum, x) => sum + x.shareBps, 0) === 10_000, {
    message: "shares must sum to 10,000 basis points",
  })
  .refine((s) => new Set(s.map((x) => x.memberId)).size === s.length, { message: "a member is listed twice" });

export const Propose = z
  .object({
    action: z.enum(ACTION_NAMES as [keyof typeof ACTIONS]),
    memberId: z.number().int().positive().optional(),
    charter: z
      .object({
        documentHash: bytes32,
        version: z
          .number()
          .int()
          .min(1)
          .max(2 ** 32 - 1),
        councilQuorum: z.number().int().min(1).max(65_535),
        proposalLifetime: z
          .number()
          .int()
          .min(1)
          .max(2 ** 32 - 1)
          .openapi({ description: "seconds a proposal may gather approvals before it expires" }),
      })
      .strict()
      .optional(),
    role: z
      .enum(Object.keys(ROLES) as [keyof typeof ROLES])
      .optional()
      .openapi({ description: "grantRole / revokeRole: after bootstrap roles change only by council decision" }),
    account: address
      .optional()
      .openapi({ description: "grantRole / revokeRole: the account; recoverKey: the school's new operator key" }),
    shares: Shares.optional().openapi({
      description: "decideShares: every member's investment proportion in basis points (40% is 4000)",
    }),
    periodId: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional()
      .openapi({ description: "decideShares: the one period these shares are for; omitted or 0, the charter's" }),
    contributionRule: z
      .object({
        minContributionIndex: z
          .number()
          .min(0)
          .max(2)
          .multipleOf(0.001, "at most three decimals, e.g. 0.6")
          .openapi({ description: "1.0 is a member that paid its share and hosted the average; 0 flags nobody" }),
        periodsBeforeSuspension: z
          .number()
          .int()
          .min(0)
          .max(255)
          .openapi({ description: "consecutive low periods before a suspension is proposed; 0 never" }),
        minPeriodDays: z
          .number()
          .int()
          .min(0)
          .max(65_535)
          .default(0)
          .openapi({ description: "shorter periods (and those with no cost or hosting) are not judged" }),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const need = (field: "charter" | "memberId" | "role" | "account" | "shares" | "contributionRule") => {
      if (b[field] === undefined)
        ctx.addIssue({ code: "custom", message: `${b.action} needs \`${field}\``, path: [field] });
    };
    if (b.action === "amendCharter") need("charter");
    else if (b.action === "grantRole" || b.action === "revokeRole") {
      need("role");
      need("account");
    } else if (b.action === "recoverKey") {
      need("memberId");
      need("account");
    } else if (b.action === "decideShares") need("shares");
    else if (b.action === "setContributionRule") need("contributionRule");
    else need("memberId");
  })
  .openapi("ProposeDecision");
export const Proposal = z
  .object({
    proposalId: z.number(),
    action: z.string(),
    memberId: z.number(),
    approvals: z.number(),
    approvalsInOffice: z
      .number()
      .openapi({ description: "approvals of councillors still in office: what counts toward the quorum" }),
    executed: z.boolean(),
    proposedAtBlock: z.number(),
    expiresAt: z.string().openapi({ description: "ISO time after which it can no longer be approved" }),
    role: z.string().optional(),
    account: z.string().optional(),
    charter: z
      .object({
        documentHash: z.string(),
        version: z.number(),
        councilQuorum: z.number(),
        proposalLifetime: z.number(),
      })
      .optional(),
    shares: z
      .object({
        periodId: z.number().openapi({ description: "0: the charter's shares" }),
        shares: z.array(z.object({ memberId: z.number(), shareBps: z.number() })),
      })
      .optional(),
    contributionRule: z
      .object({ minContributionIndex: z.number(), periodsBeforeSuspension: z.number(), minPeriodDays: z.number() })
      .optional(),
    lowContributionPeriodId: z
      .number()
      .optional()
      .openapi({ description: "a suspension the cost ledger proposed when this period closed with the member low" }),
  })
  .openapi("Proposal");
export const ProposalPage = pageOf(Proposal);
export const ProposalQuery = z.object({
  executed: z.enum(["true", "false"]).optional(),
  action: z.enum(ACTION_NAMES as [keyof typeof ACTIONS]).optional(),
  ...page,
});
export type ProposalQuery = z.infer<typeof ProposalQuery>;
export const ProposalId = z.object({ proposalId: z.coerce.number().int().positive() });
