import type { AllianceClient } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { ReadDependencies } from "../deps.js";
import { ACTION_NAMES, type ProposalQuery, ROLES } from "./schemas.js";

const ROLE_NAMES = new Map(Object.entries(ROLES).map(([name, id]) => [id, name]));

/** Council decisions, filtered by action and whether executed, paginated; every key may read all of them. */
export async function listProposals(
  deps: ReadDependencies,
  query: ProposalQuery,
  _caller: ApiKeyRecord,
): Promise<{ items: Array<Awaited<ReturnType<typeof readProposal>>>; total: number }> {
  const { reader } = deps;
  const count = Number(await reader.registry.proposalCount());
  const all = await Promise.all(Array.from({ length: count }, (_, i) => readProposal(reader, i + 1)));
  const wanted = all.filter(
    (p) =>
      (query.executed === undefined || String(p.executed) === query.executed) &&
      (!query.action || p.action === query.action),
  );
  return { items: wanted.slice(query.offset, query.offset + query.limit), total: wanted.length };
}

async function readProposal(reader: AllianceClient, proposalId: number) {
  const [p, inOffice] = await Promise.all([
    reader.registry.proposal(proposalId),
    reader.registry.approvalsInOffice(proposalId),
  ]);
  const action = ACTION_NAMES[Number(p.action)];
  return {
    proposalId,
    action,
    memberId: Number(p.memberId),
    approvals: Number(p.approvals),
    approvalsInOffice: Number(inOffice),
    executed: p.executed,
    proposedAtBlock: Number(p.proposedAtBlock),
    expiresAt: new Date(Number(p.expiresAt) * 1000).toISOString(),
    ...(action === "grantRole" || action === "revokeRole"
      ? { role: ROLE_NAMES.get(p.role) ?? p.role, account: p.account }
      : {}),
    ...(action === "recoverKey" ? { account: p.account } : {}),
    ...(action === "amendCharter"
      ? {
          charter: {
            documentHash: p.charter.documentHash,
            version: Number(p.charter.version),
            councilQuorum: Number(p.charter.councilQuorum),
            proposalLifetime: Number(p.charter.proposalLifetime),
          },
        }
      : {}),
  };
}
