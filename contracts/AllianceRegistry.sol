// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl, IAccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AccessControlEnumerable} from "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IAllianceRegistry} from "./interfaces/IAllianceRegistry.sol";
import {ICharterTerms} from "./interfaces/ICharterTerms.sol";
import {AllianceRoles} from "./libraries/AllianceRoles.sol";

/**
 * @title AllianceRegistry
 * @notice Members, operator keys, roles, council decisions and the charter of one alliance.
 * @dev Roles use OpenZeppelin AccessControl. The deployer receives DEFAULT_ADMIN_ROLE only to hand out
 * the first roles; {completeBootstrap} renounces it, and from then on no single key can change who
 * holds a role: grants and revocations are council decisions like admission.
 */
contract AllianceRegistry is IAllianceRegistry, AccessControlEnumerable, ERC2771Context {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.UintSet;

    bytes32 public constant SECRETARIAT_ROLE = AllianceRoles.SECRETARIAT;
    bytes32 public constant COUNCIL_ROLE = AllianceRoles.COUNCIL;
    bytes32 public constant AUDITOR_ROLE = AllianceRoles.AUDITOR;
    bytes32 public constant EVALUATION_COMMITTEE_ROLE = AllianceRoles.EVALUATION_COMMITTEE;

    mapping(uint32 memberId => Member member) private _members;
    mapping(uint32 memberId => EnumerableSet.AddressSet operators) private _currentOperators;
    /// @dev An operator key with its member's status alongside, in one slot: the authorisation check every
    /// alliance transaction makes reads one slot instead of two. {_transition} keeps the copies in step.
    struct KeyRecord {
        uint32 memberId;
        uint64 validFromBlock;
        uint64 validUntilBlock;
        MemberStatus memberStatus;
    }

    mapping(address account => KeyRecord key) private _operatorKeys;
    mapping(uint32 memberId => IssuerKey[] keys) private _issuerKeys;
    mapping(uint32 memberId => mapping(bytes32 fingerprint => uint64 publishedAtBlock)) private _issuerKeyPublishedAt;
    EnumerableSet.UintSet private _activeMembers;
    uint32 private _memberCount;

    Charter private _charter;
    mapping(uint256 proposalId => Proposal proposal) private _proposals;
    mapping(uint256 proposalId => mapping(address councillor => bool approved)) private _approved;
    mapping(uint256 proposalId => address[] approvers) private _approvers;
    uint256 private _proposalCount;
    bool private _bootstrapCompleted;

    /// @dev The charter's money and membership terms (see {ICharterTerms}), kept together.
    struct Terms {
        address costLedger;
        ContributionRule rule;
        mapping(uint32 periodId => bytes32 sharesHash) decidedShares;
        mapping(uint256 proposalId => ProposedShares shares) proposedShares;
        mapping(uint256 proposalId => ContributionRule rule) proposedRules;
        mapping(uint32 memberId => uint256 proposalId) lowContributionProposal;
    }

    struct ProposedShares {
        uint32 periodId;
        bytes32 sharesHash;
    }

    Terms private _terms;

    constructor(address admin, Charter memory initialCharter, address trustedForwarder)
        ERC2771Context(trustedForwarder)
    {
        if (admin == address(0)) revert RegistryZeroAddress();
        if (initialCharter.councilQuorum == 0 || initialCharter.proposalLifetime == 0) {
            revert RegistryInvalidCharter(initialCharter.version, initialCharter.councilQuorum);
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _charter = initialCharter;
        emit CharterAmended(
            initialCharter.documentHash,
            initialCharter.version,
            initialCharter.councilQuorum,
            initialCharter.proposalLifetime,
            0
        );
    }

    // ================================================================== bootstrap and roles

    /// @inheritdoc IAllianceRegistry
    function completeBootstrap() external {
        if (_bootstrapCompleted) revert RegistryBootstrapCompleted();
        _requireRole(DEFAULT_ADMIN_ROLE, _msgSender());
        _requireQuorumWithinCouncil(_charter.councilQuorum, getRoleMemberCount(COUNCIL_ROLE));
        // Only the admin can wire it: once the bootstrap ends, a close could never propose a suspension.
        if (_terms.costLedger == address(0)) revert CharterCostLedgerNotSet();
        _bootstrapCompleted = true;
        _revokeRole(DEFAULT_ADMIN_ROLE, _msgSender());
        // No second admin may outlive the bootstrap: the caller must be the last.
        uint256 admins = getRoleMemberCount(DEFAULT_ADMIN_ROLE);
        if (admins != 0) revert RegistryAdminsRemain(admins);
        emit BootstrapCompleted(_msgSender());
    }

    /// @inheritdoc IAllianceRegistry
    function bootstrapCompleted() external view returns (bool) {
        return _bootstrapCompleted;
    }

    /// @dev Only the bootstrap admin may grant directly, and only until {completeBootstrap}.
    function grantRole(bytes32 role, address account) public override(AccessControl, IAccessControl) {
        if (_bootstrapCompleted) revert RegistryRoleChangeNeedsCouncil(role, account);
        super.grantRole(role, account);
    }

    /// @dev As {grantRole}: after bootstrap, revocation is a council decision.
    function revokeRole(bytes32 role, address account) public override(AccessControl, IAccessControl) {
        if (_bootstrapCompleted) revert RegistryRoleChangeNeedsCouncil(role, account);
        super.revokeRole(role, account);
    }

    /// @dev A holder may resign, but a councillor only while the council stays at least the quorum.
    function renounceRole(bytes32 role, address callerConfirmation) public override(AccessControl, IAccessControl) {
        if (role == COUNCIL_ROLE && hasRole(role, callerConfirmation)) {
            _requireQuorumWithinCouncil(_charter.councilQuorum, getRoleMemberCount(COUNCIL_ROLE) - 1);
        }
        super.renounceRole(role, callerConfirmation);
    }

    // ================================================================== members and keys

    /// @inheritdoc IAllianceRegistry
    function registerApplicant(
        string calldata name,
        MemberKind kind,
        string calldata region,
        address firstOperator
    ) external returns (uint32 memberId) {
        _requireRole(SECRETARIAT_ROLE, _msgSender());
        if (bytes(name).length == 0) revert RegistryEmptyName();
        memberId = ++_memberCount;
        _members[memberId] = Member({
            name: name,
            region: region,
            kind: kind,
            status: MemberStatus.Pending,
            registeredAtBlock: uint64(block.number),
            statusChangedAtBlock: uint64(block.number)
        });
        emit MemberRegistered(memberId, name, kind, region);
        _addOperator(memberId, firstOperator);
    }

    /// @inheritdoc IAllianceRegistry
    function addOperator(uint32 memberId, address account) external {
        _requireKeyManager(memberId);
        _addOperator(memberId, account);
    }

    /// @inheritdoc IAllianceRegistry
    function removeOperator(uint32 memberId, address account) external {
        _requireKeyManager(memberId);
        EnumerableSet.AddressSet storage operators = _currentOperators[memberId];
        if (!operators.contains(account)) revert RegistryNotOperatorOf(account, memberId);
        if (operators.length() == 1) revert RegistryLastOperator(memberId);
        operators.remove(account);
        _operatorKeys[account].validUntilBlock = uint64(block.number);
        emit OperatorRemoved(memberId, account, _msgSender());
    }

    /// @inheritdoc IAllianceRegistry
    function publishIssuerKey(uint32 memberId, bytes32 fingerprint) external {
        _requireKeyManager(memberId);
        if (fingerprint == bytes32(0)) revert RegistryZeroFingerprint();
        if (_issuerKeyPublishedAt[memberId][fingerprint] != 0) {
            revert RegistryIssuerKeyAlreadyPublished(memberId, fingerprint);
        }
        _issuerKeyPublishedAt[memberId][fingerprint] = uint64(block.number);
        _issuerKeys[memberId].push(IssuerKey({fingerprint: fingerprint, publishedAtBlock: uint64(block.number)}));
        emit IssuerKeyPublished(memberId, fingerprint, _msgSender());
    }

    function _addOperator(uint32 memberId, address account) private {
        if (account == address(0)) revert RegistryZeroAddress();
        if (_operatorKeys[account].memberId != 0) revert RegistryOperatorAlreadyUsed(account);
        _operatorKeys[account] = KeyRecord({
            memberId: memberId,
            validFromBlock: uint64(block.number),
            validUntilBlock: 0,
            memberStatus: _members[memberId].status
        });
        _currentOperators[memberId].add(account);
        emit OperatorAdded(memberId, account, _msgSender());
    }

    /// @dev A member manages its own keys while Active; a lost key is recovered by council decision.
    function _requireKeyManager(uint32 memberId) private view {
        _requireMemberExists(memberId);
        uint32 callerMember = _requireActiveOperator(_msgSender());
        if (callerMember != memberId) revert RegistryNotOperatorOf(_msgSender(), memberId);
    }

    // ================================================================== council decisions

    /// @inheritdoc IAllianceRegistry
    function propose(ProposalAction action, uint32 memberId, Charter calldata newCharter)
        external
        returns (uint256 proposalId)
    {
        _requireRole(COUNCIL_ROLE, _msgSender());
        if (action == ProposalAction.AmendCharter) {
            _requireValidAmendment(newCharter);
        } else if (action <= ProposalAction.Withdraw) {
            _requireMemberExists(memberId);
        } else {
            revert RegistryInvalidProposal(action);
        }
        Proposal storage p;
        (proposalId, p) = _newProposal(action);
        p.memberId = memberId;
        if (action == ProposalAction.AmendCharter) p.charter = newCharter;
        emit ProposalCreated(proposalId, action, memberId, _msgSender());
        _approve(proposalId, p);
    }

    /// @inheritdoc IAllianceRegistry
    function proposeRoleChange(bytes32 role, address account, bool grant) external returns (uint256 proposalId) {
        _requireRole(COUNCIL_ROLE, _msgSender());
        bool allianceRole = role == SECRETARIAT_ROLE || role == COUNCIL_ROLE || role == AUDITOR_ROLE
            || role == EVALUATION_COMMITTEE_ROLE;
        if (!allianceRole) revert RegistryUnknownRole(role);
        if (account == address(0)) revert RegistryZeroAddress();
        Proposal storage p;
        (proposalId, p) = _newProposal(grant ? ProposalAction.GrantRole : ProposalAction.RevokeRole);
        p.role = role;
        p.account = account;
        emit ProposalCreated(proposalId, p.action, 0, _msgSender());
        emit RoleChangeProposed(proposalId, role, account, grant);
        _approve(proposalId, p);
    }

    /// @inheritdoc IAllianceRegistry
    function proposeKeyRecovery(uint32 memberId, address account) external returns (uint256 proposalId) {
        _requireRole(COUNCIL_ROLE, _msgSender());
        _requireMemberExists(memberId);
        if (_members[memberId].status == MemberStatus.Withdrawn) {
            revert RegistryInvalidTransition(memberId, MemberStatus.Withdrawn, ProposalAction.RecoverKey);
        }
        if (account == address(0)) revert RegistryZeroAddress();
        if (_operatorKeys[account].memberId != 0) revert RegistryOperatorAlreadyUsed(account);
        Proposal storage p;
        (proposalId, p) = _newProposal(ProposalAction.RecoverKey);
        p.memberId = memberId;
        p.account = account;
        emit ProposalCreated(proposalId, ProposalAction.RecoverKey, memberId, _msgSender());
        emit KeyRecoveryProposed(proposalId, memberId, account);
        _approve(proposalId, p);
    }

    // ================================================================== charter terms

    /// @inheritdoc ICharterTerms
    function proposeShares(uint32 periodId, uint32[] calldata memberIds, uint16[] calldata sharesBps)
        external
        returns (uint256 proposalId)
    {
        _requireRole(COUNCIL_ROLE, _msgSender());
        if (memberIds.length != sharesBps.length) revert CharterSharesInvalid(0);
        uint256 totalBps = 0;
        uint32 previous = 0;
        // Bounded by calldata the councillor pays for.
        for (uint256 i = 0; i < memberIds.length; ++i) {
            if (memberIds[i] <= previous) revert CharterSharesInvalid(memberIds[i]);
            _requireMemberExists(memberIds[i]);
            previous = memberIds[i];
            totalBps += sharesBps[i];
        }
        if (totalBps != 10_000) revert CharterSharesNotWhole(totalBps);
        Proposal storage p;
        (proposalId, p) = _newProposal(ProposalAction.DecideShares);
        _terms.proposedShares[proposalId] = ProposedShares(periodId, keccak256(abi.encode(memberIds, sharesBps)));
        emit ProposalCreated(proposalId, ProposalAction.DecideShares, 0, _msgSender());
        emit SharesProposed(proposalId, periodId, memberIds, sharesBps);
        _approve(proposalId, p);
    }

    /// @inheritdoc ICharterTerms
    function proposeContributionRule(uint16 minIndexPermille, uint8 periodsBeforeSuspension, uint16 minPeriodDays)
        external
        returns (uint256 proposalId)
    {
        _requireRole(COUNCIL_ROLE, _msgSender());
        if (minIndexPermille > 2000) revert CharterRuleInvalid(minIndexPermille);
        Proposal storage p;
        (proposalId, p) = _newProposal(ProposalAction.SetContributionRule);
        _terms.proposedRules[proposalId] = ContributionRule(minIndexPermille, periodsBeforeSuspension, minPeriodDays);
        emit ProposalCreated(proposalId, ProposalAction.SetContributionRule, 0, _msgSender());
        emit ContributionRuleProposed(proposalId, minIndexPermille, periodsBeforeSuspension, minPeriodDays);
        _approve(proposalId, p);
    }

    /// @inheritdoc ICharterTerms
    function proposeLowContributionSuspension(uint32 memberId, uint32 periodId) external returns (uint256 proposalId) {
        // msg.sender, not _msgSender(): only the contract itself, never a forwarded request.
        // Before setCostLedger this is zero, which no caller is.
        if (msg.sender != _terms.costLedger) revert CharterCallerNotCostLedger(msg.sender);
        if (_members[memberId].status != MemberStatus.Active) return 0;
        Proposal storage open = _proposals[_terms.lowContributionProposal[memberId]];
        if (open.proposedAtBlock != 0 && !open.executed && block.timestamp <= open.expiresAt) return 0;
        Proposal storage p;
        (proposalId, p) = _newProposal(ProposalAction.Suspend);
        p.memberId = memberId;
        _terms.lowContributionProposal[memberId] = proposalId;
        emit ProposalCreated(proposalId, ProposalAction.Suspend, memberId, msg.sender);
        emit LowContributionSuspensionProposed(proposalId, memberId, periodId);
    }

    /// @inheritdoc ICharterTerms
    function setCostLedger(address costLedger_) external {
        _requireRole(DEFAULT_ADMIN_ROLE, _msgSender());
        if (_terms.costLedger != address(0)) revert CharterCostLedgerAlreadySet(_terms.costLedger);
        if (costLedger_ == address(0)) revert RegistryZeroAddress();
        _terms.costLedger = costLedger_;
        emit CostLedgerSet(costLedger_);
    }

    /// @inheritdoc ICharterTerms
    function decidedSharesHash(uint32 periodId) external view returns (bytes32) {
        bytes32 own = _terms.decidedShares[periodId];
        return own != bytes32(0) ? own : _terms.decidedShares[0];
    }

    /// @inheritdoc ICharterTerms
    function contributionRule() external view returns (ContributionRule memory) {
        return _terms.rule;
    }

    /// @inheritdoc ICharterTerms
    function costLedger() external view returns (address) {
        return _terms.costLedger;
    }

    function _newProposal(ProposalAction action) private returns (uint256 proposalId, Proposal storage p) {
        proposalId = ++_proposalCount;
        p = _proposals[proposalId];
        p.action = action;
        p.proposedAtBlock = uint64(block.number);
        p.expiresAt = uint64(block.timestamp) + _charter.proposalLifetime;
    }

    /// @inheritdoc IAllianceRegistry
    function approve(uint256 proposalId) external {
        _requireRole(COUNCIL_ROLE, _msgSender());
        Proposal storage p = _proposals[proposalId];
        if (p.proposedAtBlock == 0) revert RegistryUnknownProposal(proposalId);
        if (p.executed) revert RegistryProposalExecuted(proposalId);
        if (block.timestamp > p.expiresAt) revert RegistryProposalExpired(proposalId, p.expiresAt);
        if (_approved[proposalId][_msgSender()]) revert RegistryAlreadyApproved(proposalId, _msgSender());
        _approve(proposalId, p);
    }

    function _approve(uint256 proposalId, Proposal storage p) private {
        _approved[proposalId][_msgSender()] = true;
        _approvers[proposalId].push(_msgSender());
        emit ProposalApproved(proposalId, _msgSender(), uint16(_approvers[proposalId].length));
        if (_approvalsInOffice(proposalId) >= _charter.councilQuorum) _execute(proposalId, p);
    }

    /// @dev Bounded by the council's size: each councillor approves a proposal at most once, and only the
    /// council decides who sits on it.
    function _approvalsInOffice(uint256 proposalId) private view returns (uint256 count) {
        address[] storage approvers = _approvers[proposalId];
        for (uint256 i = 0; i < approvers.length; ++i) {
            if (hasRole(COUNCIL_ROLE, approvers[i])) ++count;
        }
    }

    function _execute(uint256 proposalId, Proposal storage p) private {
        p.executed = true;
        ProposalAction action = p.action;
        if (action == ProposalAction.AmendCharter) {
            Charter memory next = p.charter;
            _requireValidAmendment(next); // another amendment may have executed since the proposal
            _charter = next;
            emit CharterAmended(next.documentHash, next.version, next.councilQuorum, next.proposalLifetime, proposalId);
        } else if (action == ProposalAction.GrantRole) {
            if (!_grantRole(p.role, p.account)) revert RegistryRoleUnchanged(p.role, p.account);
        } else if (action == ProposalAction.RevokeRole) {
            if (p.role == COUNCIL_ROLE && hasRole(COUNCIL_ROLE, p.account)) {
                _requireQuorumWithinCouncil(_charter.councilQuorum, getRoleMemberCount(COUNCIL_ROLE) - 1);
            }
            if (!_revokeRole(p.role, p.account)) revert RegistryRoleUnchanged(p.role, p.account);
        } else if (action == ProposalAction.DecideShares) {
            ProposedShares memory shares = _terms.proposedShares[proposalId];
            _terms.decidedShares[shares.periodId] = shares.sharesHash;
            emit SharesDecided(proposalId, shares.periodId, shares.sharesHash);
        } else if (action == ProposalAction.SetContributionRule) {
            ContributionRule memory rule = _terms.proposedRules[proposalId];
            _terms.rule = rule;
            emit ContributionRuleSet(
                proposalId, rule.minIndexPermille, rule.periodsBeforeSuspension, rule.minPeriodDays
            );
        } else if (action == ProposalAction.RecoverKey) {
            // Re-checked: the member may have withdrawn since the proposal.
            MemberStatus status = _members[p.memberId].status;
            if (status == MemberStatus.Withdrawn) revert RegistryInvalidTransition(p.memberId, status, action);
            _addOperator(p.memberId, p.account);
        } else {
            _transition(proposalId, action, p.memberId);
        }
        emit ProposalExecuted(proposalId);
    }

    function _transition(uint256 proposalId, ProposalAction action, uint32 memberId) private {
        Member storage m = _members[memberId];
        MemberStatus from = m.status;
        MemberStatus to;
        if (action == ProposalAction.Admit && from == MemberStatus.Pending) to = MemberStatus.Active;
        else if (action == ProposalAction.Suspend && from == MemberStatus.Active) to = MemberStatus.Suspended;
        else if (action == ProposalAction.Reinstate && from == MemberStatus.Suspended) to = MemberStatus.Active;
        else if (action == ProposalAction.Withdraw && from != MemberStatus.Withdrawn) to = MemberStatus.Withdrawn;
        else revert RegistryInvalidTransition(memberId, from, action);

        m.status = to;
        m.statusChangedAtBlock = uint64(block.number);
        if (to == MemberStatus.Active) _activeMembers.add(memberId);
        else _activeMembers.remove(memberId);
        // Bounded by the member's own current keys.
        address[] memory keys = _currentOperators[memberId].values();
        for (uint256 i = 0; i < keys.length; ++i) {
            _operatorKeys[keys[i]].memberStatus = to;
        }
        emit MemberStatusChanged(memberId, from, to, proposalId);
    }

    function _requireValidAmendment(Charter memory next) private view {
        if (next.councilQuorum == 0 || next.proposalLifetime == 0 || next.version <= _charter.version) {
            revert RegistryInvalidCharter(next.version, next.councilQuorum);
        }
        _requireQuorumWithinCouncil(next.councilQuorum, getRoleMemberCount(COUNCIL_ROLE));
    }

    function _requireQuorumWithinCouncil(uint16 quorum, uint256 councilSize) private pure {
        if (quorum > councilSize) revert RegistryQuorumExceedsCouncil(quorum, councilSize);
    }

    // ================================================================== views

    /// @inheritdoc IAllianceRegistry
    function member(uint32 memberId) external view returns (Member memory) {
        _requireMemberExists(memberId);
        return _members[memberId];
    }

    /// @inheritdoc IAllianceRegistry
    function memberCount() external view returns (uint32) {
        return _memberCount;
    }

    /// @inheritdoc IAllianceRegistry
    function activeMemberCount() external view returns (uint32) {
        return uint32(_activeMembers.length());
    }

    /// @inheritdoc IAllianceRegistry
    function activeMemberIds() external view returns (uint32[] memory ids) {
        uint256[] memory raw = _activeMembers.values();
        ids = new uint32[](raw.length);
        for (uint256 i = 0; i < raw.length; ++i) ids[i] = uint32(raw[i]);
    }

    /// @inheritdoc IAllianceRegistry
    function memberStatus(uint32 memberId) external view returns (MemberStatus) {
        return _members[memberId].status;
    }

    /// @inheritdoc IAllianceRegistry
    function operatorKey(address account) external view returns (OperatorKey memory) {
        KeyRecord storage k = _operatorKeys[account];
        return OperatorKey(k.memberId, k.validFromBlock, k.validUntilBlock);
    }

    /// @inheritdoc IAllianceRegistry
    function operatorsOf(uint32 memberId) external view returns (address[] memory) {
        return _currentOperators[memberId].values();
    }

    /// @inheritdoc IAllianceRegistry
    function charter() external view returns (Charter memory) {
        return _charter;
    }

    /// @inheritdoc IAllianceRegistry
    function proposal(uint256 proposalId) external view returns (Proposal memory p) {
        p = _proposals[proposalId];
        if (p.proposedAtBlock == 0) revert RegistryUnknownProposal(proposalId);
        // Every approval given, whether or not its councillor is still in office: the approvers' list.
        p.approvals = uint16(_approvers[proposalId].length);
    }

    /// @inheritdoc IAllianceRegistry
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IAllianceRegistry
    function hasApproved(uint256 proposalId, address councillor) external view returns (bool) {
        return _approved[proposalId][councillor];
    }

    /// @inheritdoc IAllianceRegistry
    function approvalsInOffice(uint256 proposalId) external view returns (uint256) {
        return _approvalsInOffice(proposalId);
    }

    /// @inheritdoc IAllianceRegistry
    function issuerKeys(uint32 memberId) external view returns (IssuerKey[] memory) {
        return _issuerKeys[memberId];
    }

    /// @inheritdoc IAllianceRegistry
    function issuerKeyPublishedAt(uint32 memberId, bytes32 fingerprint) external view returns (uint64 blockNumber) {
        return _issuerKeyPublishedAt[memberId][fingerprint];
    }

    /// @inheritdoc IAllianceRegistry
    function wasOperatorAt(address account, uint32 memberId, uint64 blockNumber) external view returns (bool) {
        KeyRecord memory key = _operatorKeys[account];
        return key.memberId == memberId && memberId != 0 && key.validFromBlock <= blockNumber
            && (key.validUntilBlock == 0 || blockNumber <= key.validUntilBlock);
    }

    /// @inheritdoc IAllianceRegistry
    function requireCurrentOperator(address account) external view returns (uint32 memberId) {
        KeyRecord storage key = _operatorKeys[account];
        memberId = key.memberId;
        if (memberId == 0) revert RegistryUnknownOperator(account);
        if (key.validUntilBlock != 0) revert RegistryOperatorRevoked(account, memberId);
    }

    /// @inheritdoc IAllianceRegistry
    function requireActiveOperator(address account) external view returns (uint32 memberId) {
        return _requireActiveOperator(account);
    }

    /// @inheritdoc IAllianceRegistry
    function requireRole(bytes32 role, address account) external view {
        _requireRole(role, account);
    }

    /// @inheritdoc IAllianceRegistry
    function allowlistedAccounts() external view returns (address[] memory accounts) {
        uint256[] memory active = _activeMembers.values();
        bytes32[5] memory roles =
            [DEFAULT_ADMIN_ROLE, SECRETARIAT_ROLE, COUNCIL_ROLE, AUDITOR_ROLE, EVALUATION_COMMITTEE_ROLE];
        uint256 total = 0;
        for (uint256 i = 0; i < active.length; ++i) total += _currentOperators[uint32(active[i])].length();
        for (uint256 r = 0; r < roles.length; ++r) total += getRoleMemberCount(roles[r]);

        accounts = new address[](total);
        uint256 n = 0;
        for (uint256 i = 0; i < active.length; ++i) {
            address[] memory keys = _currentOperators[uint32(active[i])].values();
            for (uint256 k = 0; k < keys.length; ++k) accounts[n++] = keys[k];
        }
        for (uint256 r = 0; r < roles.length; ++r) {
            address[] memory holders = getRoleMembers(roles[r]);
            for (uint256 h = 0; h < holders.length; ++h) accounts[n++] = holders[h];
        }
        // An account holding several roles appears once per role; allowlist writers deduplicate.
    }

    /// @inheritdoc IAllianceRegistry
    function transactionAllowed(address sender, address, uint256, uint256, uint256, bytes calldata)
        external
        view
        returns (bool)
    {
        KeyRecord memory key = _operatorKeys[sender];
        if (key.memberId != 0 && key.validUntilBlock == 0 && key.memberStatus == MemberStatus.Active) {
            return true;
        }
        return hasRole(DEFAULT_ADMIN_ROLE, sender) || hasRole(SECRETARIAT_ROLE, sender)
            || hasRole(COUNCIL_ROLE, sender) || hasRole(AUDITOR_ROLE, sender)
            || hasRole(EVALUATION_COMMITTEE_ROLE, sender);
    }

    // ================================================================== ERC-2771 plumbing

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }

    // ================================================================== internal checks

    function _requireActiveOperator(address account) private view returns (uint32 memberId) {
        KeyRecord memory key = _operatorKeys[account];
        memberId = key.memberId;
        if (memberId == 0) revert RegistryUnknownOperator(account);
        if (key.validUntilBlock != 0) revert RegistryOperatorRevoked(account, memberId);
        if (key.memberStatus != MemberStatus.Active) revert RegistryMemberNotActive(memberId, key.memberStatus);
    }

    function _requireRole(bytes32 role, address account) private view {
        if (!hasRole(role, account)) revert RegistryMissingRole(account, role);
    }

    function _requireMemberExists(uint32 memberId) private view {
        if (memberId == 0 || memberId > _memberCount) revert RegistryUnknownMember(memberId);
    }
}
