import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import type { DecisionExecutionErrorType } from "./proposeDecision.js";

export type ApproveDecisionParameters = { proposalId: bigint };
export type ApproveDecisionReturnType = { executed: boolean; approvals: number; transactionHash: string };
export type ApproveDecisionErrorType =
  | MissingRoleErrorType
  | DecisionExecutionErrorType
  | ContractErrorType<
      "RegistryUnknownProposal" | "RegistryProposalExecuted" | "RegistryProposalExpired" | "RegistryAlreadyApproved"
    >
  | BaseError;

/**
 * A councillor approves a proposal; it executes when the approvals of councillors in office reach the quorum.
 *
 * @param client - A councillor's client.
 * @param parameters - The proposal to approve.
 * @returns Whether the proposal executed, its approvals so far, and the transaction.
 * @example
 * const { executed } = await approveDecision(councillor, { proposalId });
 */
export async function approveDecision(
  client: AllianceClient,
  parameters: ApproveDecisionParameters,
): Promise<ApproveDecisionReturnType> {
  const { proposalId } = parameters;
  const receipt = await sendTransaction(() => client.registry.approve(proposalId));
  const approvals = Number(eventArgs(client.registry, receipt, "ProposalApproved").approvals);
  return { executed: (await client.registry.proposal(proposalId)).executed, approvals, transactionHash: receipt.hash };
}
