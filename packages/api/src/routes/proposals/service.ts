import { getAddress } from "ethers";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { ReadDependencies } from "../deps.js";
import { ACTION_NAMES, ACTIONS, type ProposalQuery, ROLES } from "./schemas.js";

const ROLE_NAMES = new Map(Object.entries(ROLES).map(([name, id]) => [id.toLowerCase(), name]));
const COUNCIL = ROLES.council.toLowerCase();

/**
 * Council proposals from the read model, oldest first; every key may read them. `approvalsInOffice`
 * counts the approvals of councillors who still hold the council role, as the registry does when it
 * decides on a quorum.
 */
export async function listProposals(deps: ReadDependencies, q: ProposalQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "proposals.list", {
    columns: `p.*, (SELECT COUNT(*) FROM indexed_proposal_approvals a JOIN indexed_role_holders h
      ON h.role = '${COUNCIL}' AND h.account = a.councillor AND h.holds = 1
      WHERE a.proposal_id = p.proposal_id) AS approvals_in_office`,
    from: "indexed_proposals p",
    filters: [
      q.executed === undefined ? undefined : ["p.executed = ?", q.executed === "true" ? 1 : 0],
      q.action === undefined ? undefined : ["p.action = ?", ACTIONS[q.action]],
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
      ...(p.shares ? { shares: p.shares } : {}),
      ...(p.contributionRule
        ? {
            contributionRule: {
              minContributionIndex: p.contributionRule.minIndexPermille / 1000,
              periodsBeforeSuspension: p.contributionRule.periodsBeforeSuspension,
              minPeriodDays: p.contributionRule.minPeriodDays ?? 0,
            },
          }
        : {}),
      ...(p.lowContributionPeriodId === undefined ? {} : { lowContributionPeriodId: p.lowContributionPeriodId }),
    };
  });
  return { items, total, totalExact };
}
