import { ZeroHash } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

export const ProposalAction = { Admit: 0, Suspend: 1, Reinstate: 2, Withdraw: 3, AmendCharter: 4 } as const;
export type ProposalAction = (typeof ProposalAction)[keyof typeof ProposalAction];

export interface ProposeDecisionParameters {
  action: ProposalAction;
  /** The member concerned; ignored for AmendCharter. */
  memberId?: number;
  /** The new charter, for AmendCharter. */
  charter?: { documentHash: string; version: number; councilQuorum: number };
}
export type ProposeDecisionReturnType = { proposalId: bigint; executed: boolean; transactionHash: string };

/**
 * A councillor proposes a council decision (its own approval counts at once).
 *
 * @example await proposeDecision(council, { action: ProposalAction.Admit, memberId: 7 });
 */
export async function proposeDecision(client: AllianceClient, p: ProposeDecisionParameters): Promise<ProposeDecisionReturnType> {
  const charter = p.charter ?? { documentHash: ZeroHash, version: 0, councilQuorum: 0 };
  const receipt = await sendTransaction(() => client.registry.propose(p.action, p.memberId ?? 0, charter));
  const proposalId = eventArgs(client.registry, receipt, "ProposalCreated").proposalId as bigint;
  return { proposalId, executed: (await client.registry.proposal(proposalId)).executed, transactionHash: receipt.hash };
}

export type ApproveDecisionReturnType = { executed: boolean; approvals: number; transactionHash: string };

/** A councillor approves a proposal; it executes when approvals reach the charter's quorum. */
export async function approveDecision(client: AllianceClient, p: { proposalId: bigint }): Promise<ApproveDecisionReturnType> {
  const receipt = await sendTransaction(() => client.registry.approve(p.proposalId));
  const approvals = Number(eventArgs(client.registry, receipt, "ProposalApproved").approvals);
  return { executed: (await client.registry.proposal(p.proposalId)).executed, approvals, transactionHash: receipt.hash };
}
