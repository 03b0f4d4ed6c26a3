import { Router } from "express";
import {
  approveDecision,
  getMember,
  proposeDecision,
  ProposalAction,
  registerApplicant,
  ROLE_IDS,
  rotateOperatorKey,
  type AllianceClient,
} from "@alliance-ledger/sdk";
import { z } from "zod";
import { authenticate, requireMember, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { actingSigner, custodialSigner, SECRETARIAT_SIGNER } from "../custody/custodialSigner.js";
import { idempotentChainWrite } from "../idempotency.js";
import { DomainError } from "../errors.js";
import { jsonSafe } from "../jsonSafe.js";
import { listMembers as listIndexedMembers } from "../readModel/queries/listMembers.js";
import { listProposals } from "../readModel/queries/listProposals.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { address, bytes32, page } from "../validators.js";
import { json, Approved, KeysRotated, Proposed, Registered } from "../responseSchemas.js";

const KINDS = { university: 0, vocationalCollege: 1, enterprise: 2, governmentBody: 3 } as const;
const ACTIONS = {
  admit: ProposalAction.Admit,
  suspend: ProposalAction.Suspend,
  reinstate: ProposalAction.Reinstate,
  withdraw: ProposalAction.Withdraw,
  amendCharter: ProposalAction.AmendCharter,
  grantRole: ProposalAction.GrantRole,
  revokeRole: ProposalAction.RevokeRole,
  recoverKey: ProposalAction.RecoverKey,
} as const;
const ROLES = {
  secretariat: ROLE_IDS.secretariat,
  council: ROLE_IDS.council,
  auditor: ROLE_IDS.auditor,
  evaluationCommittee: ROLE_IDS.evaluationCommittee,
} as const;
const _ROLE_NAMES = new Map(Object.entries(ROLES).map(([name, id]) => [id, name]));
const ACTION_NAMES = Object.keys(ACTIONS) as Array<keyof typeof ACTIONS>;

const Member = openApiRegistry.register(
  "Member",
  z.object({
    memberId: z.number(),
    name: z.string(),
    region: z.string(),
    kind: z.number(),
    status: z.string(),
    registeredAtBlock: z.number(),
    statusChangedAtBlock: z.number(),
    operators: z.array(z.string()),
  }),
);
const MemberQuery = z.object({ status: z.enum(["pending", "active", "suspended", "withdrawn"]).optional(), ...page });

const RegisterApplicant = openApiRegistry.register(
  "RegisterApplicant",
  z
    .object({
      name: z.string().min(1).max(200),
      kind: z.enum(Object.keys(KINDS) as [keyof typeof KINDS]),
      region: z.string().max(200),
      operator: address,
    })
    .strict(),
);
const RotateKeys = openApiRegistry.register(
  "RotateOperatorKeys",
  z
    .object({ add: address.optional(), remove: address.optional() })
    .strict()
    .refine((b) => b.add || b.remove, {
      message: "give `add`, `remove` or both (add first, so the school is never without a key)",
      path: ["add"],
    }),
);
const Propose = openApiRegistry.register(
  "ProposeDecision",
  z
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
    }),
);
const Proposal = openApiRegistry.register(
  "Proposal",
  z.object({
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
  }),
);
const ProposalQuery = z.object({
  executed: z.enum(["true", "false"]).optional(),
  action: z.enum(ACTION_NAMES as [keyof typeof ACTIONS]).optional(),
  ...page,
});
const ProposalId = z.object({ proposalId: z.coerce.number().int().positive() });

openApiRegistry.registerPath({
  method: "get",
  path: "/members",
  summary: "Members of the alliance, filterable by status, paginated",
  ...secured,
  request: { query: MemberQuery },
  responses: {
    200: {
      description: "a page of members",
      content: { "application/json": { schema: z.object({ items: z.array(Member), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/members",
  summary: "The secretariat registers an applicant school (Pending until the council admits it)",
  ...secured,
  request: { body: { content: { "application/json": { schema: RegisterApplicant } } } },
  responses: { 201: { description: "registered; `memberId`", content: json(Registered) } },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/members/{memberId}",
  summary: "One member with its current operator keys",
  ...secured,
  request: { params: z.object({ memberId: z.string() }) },
  responses: { 200: { description: "the member", content: json(Member) }, 404: { description: "no such member" } },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/members/{memberId}/operators",
  summary:
    "Rotate a school's operator keys: add the new key, then retire the old (the school itself; a school that lost its keys recovers through a council `recoverKey` proposal)",
  ...secured,
  request: {
    params: z.object({ memberId: z.string() }),
    body: { content: { "application/json": { schema: RotateKeys } } },
  },
  responses: {
    200: { description: "rotated; the retired key's validity window stays on chain", content: json(KeysRotated) },
  },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/proposals",
  summary: "Council decisions, filterable by action and whether executed, paginated",
  ...secured,
  request: { query: ProposalQuery },
  responses: {
    200: {
      description: "a page of proposals",
      content: { "application/json": { schema: z.object({ items: z.array(Proposal), total: z.number() }) } },
    },
  },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/proposals",
  summary:
    "A councillor proposes admitting, suspending, reinstating or withdrawing a member, amending the charter, granting or revoking a role, or recovering a school's lost key (its own approval counts)",
  ...secured,
  request: { body: { content: { "application/json": { schema: Propose } } } },
  responses: { 201: { description: "proposed; `executed` once the quorum is reached", content: json(Proposed) } },
});
openApiRegistry.registerPath({
  method: "post",
  path: "/proposals/{proposalId}/approve",
  summary: "A councillor approves a proposal; it executes at the charter's quorum",
  ...secured,
  request: { params: z.object({ proposalId: z.string() }) },
  responses: { 200: { description: "approved", content: json(Approved) } },
});

/**
 * Membership and governance: applicants, operator keys and council decisions. The contract decides
 * who holds the council role; the gateway signs with the caller's custodial key (the secretariat's or
 * the school's) and reports a refusal by the contract's error name.
 */
export function memberRoutes(db: Database, reader: AllianceClient, signers: Map<number, AllianceClient>): Router {
  const router = Router();

  router.get("/members", authenticate(db), async (req, res) => {
    res.json(await listIndexedMembers(db, validate(MemberQuery, req.query)));
  });

  router.post("/members", authenticate(db), requireRole("secretariat"), async (req, res) => {
    const b = validate(RegisterApplicant, req.body);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 201,
      body: await registerApplicant(custodialSigner(signers, SECRETARIAT_SIGNER), {
        name: b.name,
        kind: KINDS[b.kind],
        region: b.region,
        operator: b.operator,
      }),
    }));
    res.status(status).json(body);
  });

  router.get("/members/:memberId", authenticate(db), async (req, res) => {
    const { memberId } = validate(
      z.object({
        memberId: z.coerce
          .number()
          .int()
          .positive()
          .max(2 ** 32 - 1),
      }),
      req.params,
    );
    if (memberId > Number(await reader.registry.memberCount()))
      throw new DomainError("member_not_found", `No member has id ${memberId}.`, [
        { field: "memberId", value: memberId },
      ]);
    res.json(await getMember(reader, { memberId }));
  });

  // The school itself only: the secretariat adding a key to a member would let it act as that member.
  router.post("/members/:memberId/operators", authenticate(db), requireRole("member"), async (req, res) => {
    const { memberId } = validate(
      z.object({
        memberId: z.coerce
          .number()
          .int()
          .positive()
          .max(2 ** 32 - 1),
      }),
      req.params,
    );
    requireMember(req, memberId);
    const keys = validate(RotateKeys, req.body);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 200,
      body: await rotateOperatorKey(actingSigner(signers, req.apiKey!), { memberId, ...keys }),
    }));
    res.status(status).json(body);
  });

  router.get("/proposals", authenticate(db), async (req, res) => {
    res.json(await listProposals(db, validate(ProposalQuery, req.query)));
  });

  router.post("/proposals", authenticate(db), requireRole("member", "secretariat"), async (req, res) => {
    const b = validate(Propose, req.body);
    const { status, body } = await idempotentChainWrite(db, req, async () => ({
      status: 201,
      body: jsonSafe(
        await proposeDecision(actingSigner(signers, req.apiKey!), {
          action: ACTIONS[b.action],
          memberId: b.memberId,
          charter: b.charter,
          role: b.role && ROLES[b.role],
          account: b.account,
        }),
      ),
    }));
    res.status(status).json(body);
  });

  router.post(
    "/proposals/:proposalId/approve",
    authenticate(db),
    requireRole("member", "secretariat"),
    async (req, res) => {
      const { proposalId } = validate(ProposalId, req.params);
      const { status, body } = await idempotentChainWrite(db, req, async () => ({
        status: 200,
        body: await approveDecision(actingSigner(signers, req.apiKey!), { proposalId: BigInt(proposalId) }),
      }));
      res.status(status).json(body);
    },
  );
  return router;
}
