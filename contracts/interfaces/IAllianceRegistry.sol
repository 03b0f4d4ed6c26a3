// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICharterTerms} from "./ICharterTerms.sol";

/**
 * @title IAllianceRegistry
 * @notice The root of all permissions in an alliance ledger: member schools, their operator keys, the
 * alliance roles (secretariat, council, auditor, evaluation committee), council decisions and the
 * charter. Every other alliance contract asks the registry who may act.
 *
 * A member moves Pending -> Active -> (Suspended <-> Active) -> Withdrawn, and every transition except
 * registration is a council decision that reached the charter's quorum.
 */
interface IAllianceRegistry is ICharterTerms {
    enum MemberKind {
        University,
        VocationalCollege,
        Enterprise,
        GovernmentBody
    }

    enum MemberStatus {
        None,
        Pending,
        Active,
        Suspended,
        Withdrawn
    }

    enum ProposalAction {
        Admit,
        Suspend,
        Reinstate,
        Withdraw,
        AmendCharter,
        GrantRole,
        RevokeRole,
        RecoverKey,
        DecideShares,
        SetContributionRule
    }

    struct Member {
        string name;
        string region;
        MemberKind kind;
        MemberStatus status;
        uint64 registeredAtBlock;
        uint64 statusChangedAtBlock;
    }

    /// @dev One record per account, for life: a rotated-out key is never reused, so the validity window
    /// below answers "was this key authorised for member X at block N" forever.
    struct OperatorKey {
        uint32 memberId;
        uint64 validFromBlock;
        uint64 validUntilBlock; // 0 while the key is current
    }

    /// @dev A key a member signs credentials with (its did:web document lists the public key). The
    /// fingerprint is SHA-256 of the key's Multikey string; a verifier recomputes it from the document.
    struct IssuerKey {
        bytes32 fingerprint;
        uint64 publishedAtBlock;
    }

    struct Charter {
        bytes32 documentHash;
        uint32 version;
        uint16 councilQuorum; // k of the council's n members; never more than n
        uint32 proposalLifetime; // seconds a proposal may gather approvals before it expires
    }

    /// @dev `approvals` counts every approval given (from the approvers' list, as {proposal} reports it;
    /// not stored); execution counts only approvers still on the council.
    struct Proposal {
        ProposalAction action;
        uint32 memberId; // member actions and RecoverKey
        uint16 approvals;
        bool executed;
        uint64 proposedAtBlock;
        uint64 expiresAt; // block timestamp after which it can no longer be approved
        bytes32 role; // GrantRole, RevokeRole
        address account; // GrantRole, RevokeRole, RecoverKey
        Charter charter; // only for AmendCharter
    }

    // ------------------------------------------------------------------ errors

    /// @notice `account` has never been an operator key of any member, so it cannot act for one.
    error RegistryUnknownOperator(address account);
    /// @notice `account` was an operator key of `memberId` but has been removed ({removeOperator}); a
    /// rotated-out key never acts again.
    error RegistryOperatorRevoked(address account, uint32 memberId);
    /// @notice The member `memberId` is not Active (it is `status`): raised when its key tries to act for it
    /// (anchor, recognise, publish, claim, settle, manage keys), and by {ICostLedger-openPeriod} for a
    /// listed member that is not Active.
    error RegistryMemberNotActive(uint32 memberId, MemberStatus status);
    /// @notice No member has id `memberId` (ids run from 1 to {memberCount}).
    error RegistryUnknownMember(uint32 memberId);
    /// @notice {addOperator} or {removeOperator} by `account`, which is not a key of `memberId` (a member
    /// manages only its own keys); or {removeOperator} of an `account` that is not a current key of
    /// `memberId`.
    error RegistryNotOperatorOf(address account, uint32 memberId);
    /// @notice `account` lacks `role`, which the function requires.
    error RegistryMissingRole(address account, bytes32 role);
    /// @notice `account` is, or once was, an operator key (of any member); keys are never reused.
    error RegistryOperatorAlreadyUsed(address account);
    /// @notice {removeOperator} of the only current key of `memberId`: a member keeps at least one.
    error RegistryLastOperator(uint32 memberId);
    /// @notice `action` cannot apply to member `memberId` in status `status`: admit needs Pending, suspend
    /// Active, reinstate Suspended; nothing applies to a Withdrawn member, and its keys cannot be recovered.
    /// Checked when the proposal executes, and for key recovery also when it is proposed.
    error RegistryInvalidTransition(uint32 memberId, MemberStatus status, ProposalAction action);
    /// @notice No proposal has id `proposalId`.
    error RegistryUnknownProposal(uint256 proposalId);
    /// @notice {approve} of a proposal that has already executed.
    error RegistryProposalExecuted(uint256 proposalId);
    /// @notice {approve} by a councillor who has already approved this proposal (proposing counts as
    /// approving).
    error RegistryAlreadyApproved(uint256 proposalId, address councillor);
    /// @notice A charter's quorum and proposal lifetime must be at least one, and an amendment's version
    /// must be higher than the current charter's (checked at deployment, at {propose} and again when the
    /// amendment executes).
    /// @param version The version of the refused charter.
    /// @param councilQuorum The quorum of the refused charter.
    error RegistryInvalidCharter(uint32 version, uint16 councilQuorum);
    /// @notice The quorum would exceed the number of councillors in office: raised by a charter amendment,
    /// by {completeBootstrap}, and by a councillor leaving (revoked or renouncing) a council no larger than
    /// the quorum.
    /// @param councilSize The number of councillors the quorum was checked against (for a leaving
    /// councillor, the council without them).
    error RegistryQuorumExceedsCouncil(uint16 councilQuorum, uint256 councilSize);
    /// @notice `grantRole` or `revokeRole` after bootstrap: roles then change only by council decision
    /// ({proposeRoleChange}).
    error RegistryRoleChangeNeedsCouncil(bytes32 role, address account);
    /// @notice {completeBootstrap} by one admin while `count` other accounts still hold the admin role.
    error RegistryAdminsRemain(uint256 count);
    /// @notice {completeBootstrap} when the bootstrap has already been completed.
    error RegistryBootstrapCompleted();
    /// @notice {proposeRoleChange} for a role that is not one of the four alliance roles (the admin role is
    /// not grantable by proposal).
    error RegistryUnknownRole(bytes32 role);
    /// @notice A role-change proposal would change nothing when it executes: `account` already holds the
    /// `role` to be granted, or no longer holds the one to be revoked.
    error RegistryRoleUnchanged(bytes32 role, address account);
    /// @notice {approve} after the proposal's lifetime ended (`expiresAt`, a block timestamp).
    error RegistryProposalExpired(uint256 proposalId, uint64 expiresAt);
    /// @notice {propose} with an action it does not take (role changes and key recovery have their own
    /// propose functions).
    error RegistryInvalidProposal(ProposalAction action);
    /// @notice {registerApplicant} with an empty name.
    error RegistryEmptyName();
    /// @notice The zero address given as the admin at deployment, as an operator key or as the account of a
    /// role change or key recovery.
    error RegistryZeroAddress();
    /// @notice {publishIssuerKey} was given a zero fingerprint, which names no key.
    error RegistryZeroFingerprint();
    /// @notice `memberId` already published `fingerprint` ({publishIssuerKey} is append-only; a key is
    /// published once per member).
    error RegistryIssuerKeyAlreadyPublished(uint32 memberId, bytes32 fingerprint);

    // ------------------------------------------------------------------ events

    event MemberRegistered(uint32 indexed memberId, string name, MemberKind kind, string region);
    event MemberStatusChanged(uint32 indexed memberId, MemberStatus from, MemberStatus to, uint256 indexed proposalId);
    event OperatorAdded(uint32 indexed memberId, address indexed account, address indexed by);
    event OperatorRemoved(uint32 indexed memberId, address indexed account, address indexed by);
    event IssuerKeyPublished(uint32 indexed memberId, bytes32 indexed fingerprint, address indexed by);
    event ProposalCreated(
        uint256 indexed proposalId,
        ProposalAction action,
        uint32 indexed memberId,
        address indexed proposer
    );
    event ProposalApproved(uint256 indexed proposalId, address indexed councillor, uint16 approvals);
    event ProposalExecuted(uint256 indexed proposalId);
    event CharterAmended(
        bytes32 documentHash, uint32 version, uint16 councilQuorum, uint32 proposalLifetime, uint256 indexed proposalId
    );
    event RoleChangeProposed(uint256 indexed proposalId, bytes32 indexed role, address indexed account, bool grant);
    event KeyRecoveryProposed(uint256 indexed proposalId, uint32 indexed memberId, address indexed account);
    event BootstrapCompleted(address indexed admin);

    // ------------------------------------------------------------------ members and keys

    /**
     * @notice Registers an applicant school as a Pending member with its first operator key.
     * Admission itself is a council decision ({propose} with `ProposalAction.Admit`).
     *
     * Requirements: caller has the secretariat role; `name` non-empty; `firstOperator` never used.
     */
    function registerApplicant(
        string calldata name,
        MemberKind kind,
        string calldata region,
        address firstOperator
    ) external returns (uint32 memberId);

    /**
     * @notice Adds an operator key to a member (the first half of a key rotation).
     *
     * Requirements: caller is a current operator of the Active member `memberId`; `account` was never
     * an operator key. A member that lost every key recovers through the council ({proposeKeyRecovery}):
     * no single role holder can add a key to another member.
     */
    function addOperator(uint32 memberId, address account) external;

    /**
     * @notice Removes an operator key (the second half of a key rotation). The key's validity window is
     * closed at this block and kept, so past signatures remain attributable.
     *
     * Requirements: as {addOperator}; `account` is a current key of `memberId` and not its last one.
     */
    function removeOperator(uint32 memberId, address account) external;

    /**
     * @notice Publishes the fingerprint of a key the member signs credentials with, so anyone can check a
     * did:web document against the ledger. Append-only: an older key stays published, because what it
     * signed stays valid. The binding is per member: another member publishing the same fingerprint
     * claims nothing about this member's keys (it cannot sign with a key it does not hold), so nobody
     * can block a member's key by publishing it first.
     *
     * Requirements: as {addOperator} (the member's own current key while Active; a member that lost its
     * keys first recovers one through the council); `fingerprint` non-zero and not yet published by it.
     */
    function publishIssuerKey(uint32 memberId, bytes32 fingerprint) external;

    /// @notice Every credential-signing key the member published, oldest first.
    function issuerKeys(uint32 memberId) external view returns (IssuerKey[] memory);

    /// @notice The block in which `memberId` published `fingerprint`, or 0 if it never did.
    function issuerKeyPublishedAt(uint32 memberId, bytes32 fingerprint) external view returns (uint64 blockNumber);

    // ------------------------------------------------------------------ council decisions

    /**
     * @notice Proposes a council decision; the proposer's approval counts at once, so a quorum of one
     * executes immediately.
     *
     * Requirements: caller has the council role; `action` is a member action or `AmendCharter`; for
     * member actions the member exists; for `AmendCharter` the new quorum is at least one and at most
     * the council's size, the lifetime non-zero and the version higher than the current one.
     */
    function propose(ProposalAction action, uint32 memberId, Charter calldata charter)
        external
        returns (uint256 proposalId);

    /**
     * @notice Proposes granting (`grant`) or revoking an alliance role: after bootstrap this is the only
     * way anyone gains or loses the secretariat, council, auditor or evaluation-committee role.
     * Requirements: caller has the council role; `role` is one of the four alliance roles.
     */
    function proposeRoleChange(bytes32 role, address account, bool grant) external returns (uint256 proposalId);

    /**
     * @notice Proposes adding `account` as an operator key of `memberId`, for a member that lost its keys.
     * Requirements: caller has the council role; the member exists and has not withdrawn.
     */
    function proposeKeyRecovery(uint32 memberId, address account) external returns (uint256 proposalId);

    /**
     * @notice Ends the bootstrap: the deployer's admin key gave out the first roles; from now on roles
     * change only by council decision, and the admin role is renounced.
     * Requirements: caller holds the admin role and is the only account that does; the council has at
     * least the charter's quorum.
     */
    function completeBootstrap() external;

    /// @notice Whether the bootstrap is over (roles then change only by council decision).
    function bootstrapCompleted() external view returns (bool);

    /**
     * @notice Approves a proposal; it executes in the same call when the approvals of councillors still
     * in office reach the charter's quorum. The transition is checked at execution, so a stale proposal
     * cannot apply.
     *
     * Requirements: caller has the council role and has not approved this proposal; it has not expired.
     */
    function approve(uint256 proposalId) external;

    // ------------------------------------------------------------------ views

    function member(uint32 memberId) external view returns (Member memory);
    function memberCount() external view returns (uint32);
    function activeMemberCount() external view returns (uint32);
    function activeMemberIds() external view returns (uint32[] memory);
    function memberStatus(uint32 memberId) external view returns (MemberStatus);
    function operatorKey(address account) external view returns (OperatorKey memory);
    function operatorsOf(uint32 memberId) external view returns (address[] memory);
    function charter() external view returns (Charter memory);
    function proposal(uint256 proposalId) external view returns (Proposal memory);
    function proposalCount() external view returns (uint256);
    function hasApproved(uint256 proposalId, address councillor) external view returns (bool);

    /// @notice Whether `account` was a key of `memberId` at some point of block `blockNumber` (validity
    /// is [from, until]: a key removed in a block was valid for that block's earlier transactions).
    function wasOperatorAt(address account, uint32 memberId, uint64 blockNumber) external view returns (bool);

    /**
     * @notice The member for which `account` may act now; reverts with the specific reason otherwise.
     * @dev The single authorisation check used by every alliance contract.
     */
    function requireActiveOperator(address account) external view returns (uint32 memberId);

    /**
     * @notice The member whose current (not rotated-out) key `account` is, whatever the member's status:
     * a suspended or withdrawn member may still correct its own past records.
     */
    function requireCurrentOperator(address account) external view returns (uint32 memberId);

    /// @notice The councillors whose approval of `proposalId` would count if it executed now.
    function approvalsInOffice(uint256 proposalId) external view returns (uint256);

    /// @notice Reverts with {RegistryMissingRole} unless `account` holds `role`.
    function requireRole(bytes32 role, address account) external view;

    /// @notice Every account a Besu account allowlist must hold: active members' current keys and role holders.
    function allowlistedAccounts() external view returns (address[] memory);

    /// @notice The hook Besu (up to 25.5) calls for contract-based account permissioning.
    function transactionAllowed(
        address sender,
        address target,
        uint256 value,
        uint256 gasPrice,
        uint256 gasLimit,
        bytes calldata payload
    ) external view returns (bool);
}
