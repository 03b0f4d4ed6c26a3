import { ZeroAddress, ZeroHash } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContributionRule } from "../../readModel/rows.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
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
  DecideShares: 8,
  SetContributionRule: 9,
} as const;
export type ProposalAction = (typeof ProposalAction)[keyof typeof ProposalAction];

export interface ProposeDecisionParameters {
  action: ProposalAction;
  /** The member concerned; ignored for AmendCharter. */
  memberId?: number;
  /** The new charter, for AmendCharter. */
  charter?: {
    documentHash: string;
    version: number;
    councilQuorum: number;
    proposalLifetime: number;
  };
  /** GrantRole / RevokeRole: the role id (ROLE_IDS) and the account. */
  role?: string;
  /** GrantRole / RevokeRole: the account; RecoverKey: the member's new operator key. */
  account?: string;
  /** DecideShares: investment shares (basis points, summing to 10,000) for the charter (period 0) or one period. */
  shares?: {
    periodId?: number;
    shares: ReadonlyArray<{ memberId: number; shareBps: number }>;
  };
  /**
   * SetContributionRule: the minimum contribution index (thousandths), the low periods before a
   * suspension proposal, and the shortest period judged, in days (default 0).
   */
  contributionRule?: ContributionRule;
}
export type ProposeDecisionReturnType = {
  proposalId: bigint;
  executed: boolean;
  transactionHash: string;
};

/** What a decision can meet when it executes: at once if the proposer's approval reaches the quorum, or on a later approval. */
export type DecisionExecutionErrorType = ContractErrorType<
  | "RegistryInvalidTransition"
  | "RegistryInvalidCharter"
  | "RegistryQuorumExceedsCouncil"
  | "RegistryRoleUnchanged"
  | "RegistryOperatorAlreadyUsed"
>;
export type ProposeDecisionErrorType =
  | MissingRoleErrorType
  | DecisionExecutionErrorType
  | ContractErrorType<
      | "RegistryUnknownMember"
      | "RegistryInvalidProposal"
      | "RegistryUnknownRole"
      | "RegistryZeroAddress"
      | "CharterSharesInvalid"
      | "CharterSharesNotWhole"
      | "CharterRuleInvalid"
    >
  | BaseError;

/**
 * A councillor proposes a council decision; its own approval counts at once, so with a quorum of one
 * the decision executes in the same transaction.
 *
 * @param client - A councillor's client.
 * @param parameters - The action and what it concerns: a member, a charter, a role and account, or a new key.
 * @returns The proposal's id, whether it executed, and the transaction.
 * @example
 * const { proposalId, executed } = await proposeDecision(council, { action: ProposalAction.Admit, memberId: 7 });
 */
export async function proposeDecision(
  client: AllianceClient,
  parameters: ProposeDecisionParameters,
): Promise<ProposeDecisionReturnType> {
  const { action, memberId = 0, role = ZeroHash, account = ZeroAddress } = parameters;
  const charter = parameters.charter ?? {
    documentHash: ZeroHash,
    version: 0,
    councilQuorum: 0,
    proposalLifetime: 0,
  };
  const receipt = await sendTransaction(() => {
    if (action === ProposalAction.GrantRole || action === ProposalAction.RevokeRole)
      return client.registry.proposeRoleChange(role, account, action === ProposalAction.GrantRole);
    if (action === ProposalAction.RecoverKey) return client.registry.proposeKeyRecovery(memberId, account);
    if (action === ProposalAction.DecideShares) {
      const sorted = [...(parameters.shares?.shares ?? [])].sort((a, b) => a.memberId - b.memberId);
      return client.registry.proposeShares(
        parameters.shares?.periodId ?? 0,
        sorted.map((s) => s.memberId),
        sorted.map((s) => s.shareBps),
      );
    }
    if (action === ProposalAction.SetContributionRule) {
      const rule = parameters.contributionRule ?? { minIndexPermille: 0, periodsBeforeSuspension: 0 };
      return client.registry.proposeContributionRule(
        rule.minIndexPermille,
        rule.periodsBeforeSuspension,
        rule.minPeriodDays ?? 0,
      );
    }
    return client.registry.propose(action, memberId, charter);
  });
  const proposalId = eventArgs(client.registry, receipt, "ProposalCreated").proposalId as bigint;
  return {
    proposalId,
    executed: (await client.registry.proposal(proposalId)).executed,
    transactionHash: receipt.hash,
  };
}
