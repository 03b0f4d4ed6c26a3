import { ProposalAction, ROLE_IDS } from "@alliance-ledger/sdk";
import { getAddress } from "ethers";
import type { Queryable } from "../../db/database.js";
import { pageOf } from "../pageQuery.js";
import { READ_MODEL_TABLES } from "../readModelTables.js";

const ACTION_NAMES = [
  "admit",
  "suspend",
  "reinstate",
  "withdraw",
  "amendCharter",
  "grantRole",
  "revokeRole",
  "recoverKey",
] as const satisfies ReadonlyArray<keyof typeof ACTION_BY_NAME>;
const ACTION_BY_NAME = {
  admit: ProposalAction.Admit,
  suspend: ProposalAction.Suspend,
  reinstate: ProposalAction.Reinstate,
  withdraw: ProposalAction.Withdraw,
  amendCharter: ProposalAction.AmendCharter,
  grantRole: ProposalAction.GrantRole,
  revokeRole: ProposalAction.RevokeRole,
  recoverKey: ProposalAction.RecoverKey,
} as const;
const ROLE_NAMES = new Map(Object.entries(ROLE_IDS).map(([name, id]) => [id.toLowerCase(), name]));
const COUNCIL = ROLE_IDS.council.toLowerCase();

/**
 * Council proposals from the read model, oldest first. `approvalsInOffice` counts the approvals of
 * councillors who still hold the council role, as the registry does when it decides on a quorum.
 */
export async function listProposals(
  db: Queryable,
  q: { executed?: "true" | "false"; action?: (typeof ACTION_NAMES)[number]; limit: number; offset: number },
) {
  const { rows, total } = await pageOf<Record<string, unknown>>(db, "proposals.list", {
    columns: `p.*, (SELECT COUNT(*) FROM indexed_proposal_approvals a JOIN indexed_role_holders h
      ON h.role = '${COUNCIL}' AND h.account = a.councillor AND h.holds = 1
      WHERE a.proposal_id = p.proposal_id) AS approvals_in_office`,
    from: "indexed_proposals p",
    filters: [
      q.executed === undefined ? undefined : ["p.executed = ?", q.executed === "true" ? 1 : 0],
      q.action === undefined ? undefined : ["p.action = ?", ACTION_BY_NAME[q.action]],
    ],
    orderBy: "p.proposal_id",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((r) => {
    const p = READ_MODEL_TABLES.proposals.fromRecord(r);
    const action = ACTION_NAMES[p.action];
    const account = p.account ? getAddress(p.account) : undefined;
    return {
      proposalId: Number(p.proposalId),
      action,
      memberId: p.memberId,
      approvals: p.approvals,
      approvalsInOffice: Number(r.approvals_in_office),
      executed: p.executed,
      proposedAtBlock: p.proposedAtBlock,
      expiresAt: new Date((p.expiresAt ?? 0) * 1000).toISOString(),
      ...(action === "grantRole" || action === "revokeRole"
        ? { role: (p.role && ROLE_NAMES.get(p.role)) ?? p.role, account }
        : {}),
      ...(action === "recoverKey" ? { account } : {}),
      ...(action === "amendCharter" && p.charter ? { charter: p.charter } : {}),
    };
  });
  return { items, total };
}
