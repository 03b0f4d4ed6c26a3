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
} as const;
export const ROLES = {
  secretariat: ROLE_IDS.secretariat,
  council: ROLE_IDS.council,
  auditor: ROLE_IDS.auditor,
  evaluationCommittee: ROLE_IDS.evaluationCommittee,
} as const;
export const ACTION_NAMES = Object.keys(ACTIONS) as Array<keyof typeof ACTIONS>;

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
  })
  .strict()
  .superRefine((b, ctx) => {
    const need = (field: "charter" | "memberId" | "role" | "account") => {
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
    } else need("memberId");
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
