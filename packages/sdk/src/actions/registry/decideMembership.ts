import { ZeroAddress, ZeroHash } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

export const ProposalAction = {
  Admit: 0,
  Suspend: 1,
  Reinstate: 2,
  Withdraw: 3,
  AmendCharter: 4,
  GrantRole: 5,
  RevokeRole: 6,
  RecoverKey: 7,
} as const;
export type ProposalAction = (typeof ProposalAction)[keyof typeof ProposalAction];

export interface ProposeDecisionParameters {
  action: ProposalAction;
  /** The member concerned; ignored for AmendCharter. */
  memberId?: number;
  /** The new charter, for AmendCharter. */
  charter?: { documentHash: string; version: number; councilQuorum: number; proposalLifetime: number };
  /** GrantRole / RevokeRole: the role id (ROLE_IDS) and the account. */
  role?: string;
  /** GrantRole / RevokeRole: the account; RecoverKey: the member's new operator key. */
  account?: string;
}
export type ProposeDecisionReturnType = { proposalId: bigint; executed: boolean; transactionHash: string };

/**
 * A councillor proposes a council decision (its own approval counts at once).
 *
 * @example await proposeDecision(council, { action: ProposalAction.Admit, memberId: 7 });
 */
export async function proposeDecision(
  client: AllianceClient,
  p: ProposeDecisionParameters,
): Promise<ProposeDecisionReturnType> {
  const charter = p.charter ?? { documentHash: ZeroHash, version: 0, councilQuorum: 0, proposalLifetime: 0 };
  const receipt = await sendTransaction(() => {
    if (p.action === ProposalAction.GrantRole || p.action === ProposalAction.RevokeRole) {
      return client.registry.proposeRoleChange(
        p.role ?? ZeroHash,
        p.account ?? ZeroAddress,
        p.action === ProposalAction.GrantRole,
      );
    }
    if (p.action === ProposalAction.RecoverKey)
      return client.registry.proposeKeyRecovery(p.memberId ?? 0, p.account ?? ZeroAddress);
    return client.registry.propose(p.action, p.memberId ?? 0, charter);
  });
  const proposalId = eventArgs(client.registry, receipt, "ProposalCreated").proposalId as bigint;
  return { proposalId, executed: (await client.registry.proposal(proposalId)).executed, transactionHash: receipt.hash };
}

export type ApproveDecisionReturnType = { executed: boolean; approvals: number; transactionHash: string };

/** A councillor approves a proposal; it executes when the approvals of councillors in office reach the quorum. */
export async function approveDecision(
  client: AllianceClient,
  p: { proposalId: bigint },
): Promise<ApproveDecisionReturnType> {
  const receipt = await sendTransaction(() => client.registry.approve(p.proposalId));
  const approvals = Number(eventArgs(client.registry, receipt, "ProposalApproved").approvals);
  return {
    executed: (await client.registry.proposal(p.proposalId)).executed,
    approvals,
    transactionHash: receipt.hash,
  };
}
