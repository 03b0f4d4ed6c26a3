import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { type LedgerStore, rowKey } from "./ledgerStore.js";
import type { ProposalRow, ReadModelTable } from "./rows.js";

type Needed = Array<[ReadModelTable, string]>;

/** Registry events: members, operator keys, role holders, council proposals and their approvals. */
export const REGISTRY_EVENTS = [
  "MemberRegistered",
  "MemberStatusChanged",
  "OperatorAdded",
  "OperatorRemoved",
  "RoleGranted",
  "RoleRevoked",
  "ProposalCreated",
  "ProposalApproved",
  "ProposalExecuted",
  "RoleChangeProposed",
  "KeyRecoveryProposed",
  "SharesProposed",
  "SharesDecided",
  "ContributionRuleProposed",
  "ContributionRuleSet",
  "LowContributionSuspensionProposed",
] as const;

/** The rows a registry event reads or writes. */
export function registryRowsNeeded(e: LedgerEvent): Needed {
  const a = e.args;
  switch (e.name) {
    case "MemberRegistered":
    case "MemberStatusChanged":
      return [["members", rowKey.member(Number(a.memberId))]];
    case "OperatorAdded":
    case "OperatorRemoved":
      return [["operatorKeys", rowKey.operatorKey(String(a.account))]];
    case "RoleGranted":
    case "RoleRevoked":
      return [["roleHolders", rowKey.roleHolder(String(a.role), String(a.account))]];
    case "ProposalApproved":
      return [
        ["proposals", rowKey.proposal(a.proposalId)],
        ["proposalApprovals", rowKey.proposalApproval(a.proposalId, String(a.councillor))],
      ];
    case "ProposalCreated":
    case "ProposalExecuted":
    case "RoleChangeProposed":
    case "KeyRecoveryProposed":
    case "SharesProposed":
    case "ContributionRuleProposed":
      return [["proposals", rowKey.proposal(a.proposalId)]];
    case "SharesDecided":
      return [
        ["proposals", rowKey.proposal(a.proposalId)],
        ["decidedShares", rowKey.decidedShares(Number(a.periodId))],
      ];
    case "ContributionRuleSet":
      return [["contributionRule", rowKey.contributionRule()]];
    case "LowContributionSuspensionProposed":
      return [
        ["proposals", rowKey.proposal(a.proposalId)],
        ["lowContributions", rowKey.lowContribution(Number(a.periodId), Number(a.memberId))],
      ];
    default:
      return [];
  }
}

/** Applies one registry event to the rows it concerns. */
export function foldRegistryEvent(store: LedgerStore, e: LedgerEvent): void {
  const a = e.args;
  switch (e.name) {
    case "MemberRegistered":
      store.set("members", rowKey.member(Number(a.memberId)), {
        memberId: Number(a.memberId),
        name: String(a.name),
        kind: Number(a.kind),
        region: String(a.region),
        status: 1,
        registeredAtBlock: e.blockNumber,
        statusChangedAtBlock: e.blockNumber,
      });
      return;
    case "MemberStatusChanged": {
      const key = rowKey.member(Number(a.memberId));
      const m = store.get("members", key);
      if (m)
        store.set("members", key, {
          ...m,
          status: Number(a.to),
          statusChangedAtBlock: e.blockNumber,
        });
      return;
    }
    case "OperatorAdded":
      store.set("operatorKeys", rowKey.operatorKey(String(a.account)), {
        account: String(a.account).toLowerCase(),
        memberId: Number(a.memberId),
        current: true,
        addedAtBlock: e.blockNumber,
      });
      return;
    case "OperatorRemoved": {
      const key = rowKey.operatorKey(String(a.account));
      const k = store.get("operatorKeys", key);
      if (k)
        store.set("operatorKeys", key, {
          ...k,
          current: false,
          removedAtBlock: e.blockNumber,
        });
      return;
    }
    case "RoleGranted":
    case "RoleRevoked":
      store.set("roleHolders", rowKey.roleHolder(String(a.role), String(a.account)), {
        role: String(a.role).toLowerCase(),
        account: String(a.account).toLowerCase(),
        holds: e.name === "RoleGranted",
      });
      return;
    case "ProposalCreated":
      store.set("proposals", rowKey.proposal(a.proposalId), {
        proposalId: String(a.proposalId),
        action: Number(a.action),
        memberId: Number(a.memberId),
        proposer: String(a.proposer).toLowerCase(),
        approvals: 0,
        executed: false,
        proposedAtBlock: e.blockNumber,
        ...(a.expiresAt === undefined ? {} : { expiresAt: Number(a.expiresAt) }),
        ...(a.charter === undefined ? {} : { charter: a.charter }),
      });
      return;
    case "RoleChangeProposed":
    case "KeyRecoveryProposed": {
      const key = rowKey.proposal(a.proposalId);
      const p = store.get("proposals", key);
      if (p)
        store.set("proposals", key, {
          ...p,
          ...(e.name === "RoleChangeProposed" ? { role: String(a.role).toLowerCase() } : {}),
          account: String(a.account).toLowerCase(),
        });
      return;
    }
    case "SharesProposed":
    case "ContributionRuleProposed":
    case "LowContributionSuspensionProposed": {
      const key = rowKey.proposal(a.proposalId);
      const p = store.get("proposals", key);
      if (p) store.set("proposals", key, { ...p, ...proposedTerms(e) });
      if (e.name === "LowContributionSuspensionProposed") {
        const lowKey = rowKey.lowContribution(Number(a.periodId), Number(a.memberId));
        const low = store.get("lowContributions", lowKey);
        if (low)
          store.set("lowContributions", lowKey, {
            ...low,
            suspensionProposalId: String(a.proposalId),
          });
      }
      return;
    }
    case "ContributionRuleSet":
      store.set("contributionRule", rowKey.contributionRule(), {
        proposalId: String(a.proposalId),
        minIndexPermille: Number(a.minIndexPermille),
        periodsBeforeSuspension: Number(a.periodsBeforeSuspension),
        minPeriodDays: Number(a.minPeriodDays ?? 0),
      });
      return;
    case "SharesDecided": {
      const shares = store.get("proposals", rowKey.proposal(a.proposalId))?.shares;
      if (shares)
        store.set("decidedShares", rowKey.decidedShares(Number(a.periodId)), {
          ...shares,
          proposalId: String(a.proposalId),
        });
      return;
    }
    case "ProposalApproved": {
      const key = rowKey.proposal(a.proposalId);
      const p = store.get("proposals", key);
      if (p) store.set("proposals", key, { ...p, approvals: Number(a.approvals) });
      store.set("proposalApprovals", rowKey.proposalApproval(a.proposalId, String(a.councillor)), {
        proposalId: String(a.proposalId),
        councillor: String(a.councillor).toLowerCase(),
      });
      return;
    }
    case "ProposalExecuted": {
      const key = rowKey.proposal(a.proposalId);
      const p = store.get("proposals", key);
      if (p) store.set("proposals", key, { ...p, executed: true });
      return;
    }
  }
}

/** What a charter-terms proposal adds to its proposal row. */
function proposedTerms(e: LedgerEvent): Partial<ProposalRow> {
  const a = e.args;
  if (e.name === "SharesProposed") {
    const shares = [...a.sharesBps].map(Number);
    return {
      shares: {
        periodId: Number(a.periodId),
        shares: [...a.memberIds].map((m, i) => ({
          memberId: Number(m),
          shareBps: shares[i],
        })),
      },
    };
  }
  if (e.name === "ContributionRuleProposed")
    return {
      contributionRule: {
        minIndexPermille: Number(a.minIndexPermille),
        periodsBeforeSuspension: Number(a.periodsBeforeSuspension),
        minPeriodDays: Number(a.minPeriodDays ?? 0),
      },
    };
  return { lowContributionPeriodId: Number(a.periodId) };
}
