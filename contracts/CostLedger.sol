// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICostLedger} from "./interfaces/ICostLedger.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IAllianceRegistry} from "./interfaces/IAllianceRegistry.sol";
import {ICharterTerms} from "./interfaces/ICharterTerms.sol";
import {AllianceRoles} from "./libraries/AllianceRoles.sol";
import {LargestRemainderCheck} from "./libraries/LargestRemainderCheck.sol";

/**
 * @title CostLedger
 * @notice Budget periods, cost entries with two-party confirmation, course-sharing fees, period close
 * and settlements. See {ICostLedger} for the accounting identity it enforces.
 */
contract CostLedger is ICostLedger, ERC2771Context {
    using LargestRemainderCheck for LargestRemainderCheck.State;

    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_TOTAL = type(uint56).max;

    IAllianceRegistry public immutable registry;

    // One slot: fee accrual reads the caller check and the open period together.
    address public creditLedger;
    uint32 private _periodCount;
    uint32 private _openPeriodId;
    /// @dev The second fee source, checked only when the caller is not the credit ledger, so recognitions
    /// read no extra slot.
    address public resourceExchange;

    mapping(uint32 periodId => Period period) private _periods;
    mapping(uint32 periodId => uint32[] memberIds) private _periodMemberIds;
    mapping(uint32 periodId => mapping(uint32 memberId => MemberTotals totals)) private _totals;
    mapping(uint32 periodId => mapping(uint32 memberId => int256 net)) private _nets;
    /// @dev Income has its own slot: MemberTotals is full, and only income entries and close touch it.
    mapping(uint32 periodId => mapping(uint32 memberId => uint256 income)) private _income;
    /// @dev How closes judge members against the charter's contribution rule.
    struct Judging {
        mapping(uint32 periodId => uint64 openedAt) openedAt;
        mapping(uint32 memberId => LowStreak streak) lowStreaks;
        /// @dev The last period a close judged: a run of low periods continues across periods not judged.
        uint32 lastJudgedPeriodId;
    }

    Judging private _judging;
    mapping(bytes32 entryId => Entry entry) private _entries;
    mapping(uint256 settlementId => Settlement settlement) private _settlements;
    mapping(uint32 payerId => mapping(bytes32 paymentRef => uint256 settlementId)) private _settlementByRef;
    uint256 private _settlementCount;

    struct LowStreak {
        uint32 lastPeriodId;
        uint8 count;
    }

    /// @dev The period's sums, read once at close.
    struct PeriodSums {
        uint256 cost; // contributions and expenses
        uint256 income;
        uint256 feesReceivable;
        uint256 hosted; // each member's fees receivable less payable, not below zero
    }

    constructor(IAllianceRegistry registry_, address trustedForwarder) ERC2771Context(trustedForwarder) {
        registry = registry_;
    }

    // ================================================================== wiring

    /// @inheritdoc ICostLedger
    function setCreditLedger(address creditLedger_) external {
        registry.requireRole(bytes32(0), _msgSender()); // DEFAULT_ADMIN_ROLE
        if (creditLedger != address(0)) revert CostLedgerCreditLedgerAlreadySet(creditLedger);
        creditLedger = creditLedger_;
        emit CreditLedgerSet(creditLedger_);
    }

    /// @inheritdoc ICostLedger
    function setResourceExchange(address resourceExchange_) external {
        registry.requireRole(bytes32(0), _msgSender()); // DEFAULT_ADMIN_ROLE
        if (resourceExchange != address(0)) revert CostLedgerResourceExchangeAlreadySet(resourceExchange);
        resourceExchange = resourceExchange_;
        emit ResourceExchangeSet(resourceExchange_);
    }

    // ================================================================== periods

    /// @inheritdoc ICostLedger
    function openPeriod(bytes3 currency, uint32[] calldata memberIds, uint16[] calldata sharesBps)
        external
        returns (uint32 periodId)
    {
        registry.requireRole(AllianceRoles.SECRETARIAT, _msgSender());
        if (_openPeriodId != 0) revert CostLedgerPeriodStillOpen(_openPeriodId);
        if (currency == bytes3(0)) revert CostLedgerInvalidCurrency();
        if (memberIds.length != sharesBps.length) {
            revert CostLedgerSharesLengthMismatch(memberIds.length, sharesBps.length);
        }
        uint32 active = registry.activeMemberCount();
        if (memberIds.length != active) revert CostLedgerMembersIncomplete(memberIds.length, active);

        periodId = ++_periodCount;
        uint256 totalBps = 0;
        uint32 previous = 0;
        for (uint256 i = 0; i < memberIds.length; ++i) {
            uint32 id = memberIds[i];
            // Ascending ids rule out duplicates; with the count equal to the active count and each id
            // active, the list is exactly the active members.
            if (id <= previous) revert CostLedgerMembersNotAscending(id);
            IAllianceRegistry.MemberStatus status = registry.memberStatus(id);
            if (status != IAllianceRegistry.MemberStatus.Active) {
                revert IAllianceRegistry.RegistryMemberNotActive(id, status);
            }
            previous = id;
            totalBps += sharesBps[i];
            _totals[periodId][id] = MemberTotals(0, 0, 0, 0, sharesBps[i], true);
        }
        if (totalBps != BPS) revert CostLedgerSharesNotWhole(totalBps);
        if (keccak256(abi.encode(memberIds, sharesBps)) != registry.decidedSharesHash(periodId)) {
            revert CostLedgerSharesNotDecided(periodId);
        }

        _periodMemberIds[periodId] = memberIds;
        _judging.openedAt[periodId] = uint64(block.timestamp);
        _periods[periodId] = Period({
            status: PeriodStatus.Open,
            currency: currency,
            pendingEntries: 0,
            openedAtBlock: uint64(block.number),
            closedAtBlock: 0,
            reportHash: bytes32(0)
        });
        _openPeriodId = periodId;
        emit PeriodOpened(periodId, currency, memberIds, sharesBps);
    }

    /// @inheritdoc ICostLedger
    function closePeriod(uint32 periodId, bytes32 reportHash, int256[] calldata nets) external {
        registry.requireRole(AllianceRoles.SECRETARIAT, _msgSender());
        Period storage p = _requireOpenPeriod(periodId);
        if (reportHash == bytes32(0)) revert CostLedgerMissingReportHash();
        if (p.pendingEntries != 0) revert CostLedgerPendingEntries(periodId, p.pendingEntries);
        uint32[] storage ids = _periodMemberIds[periodId];
        uint256 n = ids.length;
        if (nets.length != n) revert CostLedgerNetsLengthMismatch(n, nets.length);

        // Bounded by the period's member list, which is the active members the council shared costs among.
        PeriodSums memory sums;
        int256 netSum = 0;
        for (uint256 i = 0; i < n; ++i) {
            MemberTotals memory t = _totals[periodId][ids[i]];
            sums.cost += uint256(t.contributed) + t.expensesPaid;
            sums.income += _income[periodId][ids[i]];
            sums.feesReceivable += t.feesReceivable;
            if (t.feesReceivable > t.feesPayable) sums.hosted += t.feesReceivable - t.feesPayable;
            netSum += nets[i];
        }
        if (netSum != 0) revert CostLedgerNetsDoNotSumToZero(netSum);

        _recordNets(periodId, ids, nets, int256(sums.cost) - int256(sums.income));
        _flagLowContributors(periodId, ids, sums);

        p.status = PeriodStatus.Closed;
        p.closedAtBlock = uint64(block.number);
        p.reportHash = reportHash;
        _openPeriodId = 0;
        emit PeriodClosed(periodId, reportHash, nets);
    }

    /// @dev Checks each net against the member's totals and exact share of the pool (costs minus income),
    /// and stores it. A negative pool is handed out: each allocation is minus the split of its magnitude.
    function _recordNets(uint32 periodId, uint32[] storage ids, int256[] calldata nets, int256 pool) private {
        LargestRemainderCheck.State memory rounding = LargestRemainderCheck.start();
        uint256 magnitude = pool < 0 ? uint256(-pool) : uint256(pool);
        for (uint256 i = 0; i < nets.length; ++i) {
            uint32 id = ids[i];
            MemberTotals memory t = _totals[periodId][id];
            int256 ownBalance = int256(uint256(t.contributed) + t.expensesPaid + t.feesReceivable)
                - int256(uint256(t.feesPayable) + _income[periodId][id]);
            int256 allocated = ownBalance - nets[i];
            if (!rounding.record(id, pool < 0 ? -allocated : allocated, magnitude * t.shareBps, BPS)) {
                revert CostLedgerNetMismatch(id, nets[i], allocated);
            }
            _nets[periodId][id] = nets[i];
        }
        (bool ok, uint32 up, uint32 down) = rounding.isLargestRemainder();
        if (!ok) revert CostLedgerNotLargestRemainder(up, down);
    }

    /// @dev Records the members whose contribution index (see {ICostLedger}) is below the charter's minimum
    /// and asks the registry to propose a suspension for those low long enough. Periods too short, or with
    /// no cost and no hosting, are not judged and leave every run of low periods as it was.
    function _flagLowContributors(uint32 periodId, uint32[] storage ids, PeriodSums memory sums) private {
        ICharterTerms.ContributionRule memory rule = registry.contributionRule();
        if (rule.minIndexPermille == 0) return;
        bool judged = (sums.cost != 0 || sums.feesReceivable != 0)
            && block.timestamp - _judging.openedAt[periodId] >= uint256(rule.minPeriodDays) * 1 days;
        emit PeriodJudged(periodId, judged, rule.minIndexPermille, rule.periodsBeforeSuspension, rule.minPeriodDays);
        if (!judged) return;
        uint32 previous = _judging.lastJudgedPeriodId;
        _judging.lastJudgedPeriodId = periodId;
        for (uint256 i = 0; i < ids.length; ++i) {
            uint16 index = _contributionIndex(periodId, ids[i], ids.length, sums);
            if (index < rule.minIndexPermille) {
                _recordLow(periodId, previous, ids[i], index, rule.periodsBeforeSuspension);
            }
        }
    }

    function _contributionIndex(uint32 periodId, uint32 memberId, uint256 members, PeriodSums memory sums)
        private
        view
        returns (uint16)
    {
        MemberTotals storage t = _totals[periodId][memberId];
        uint256 income = _income[periodId][memberId];
        uint256 pool = sums.cost > sums.income ? sums.cost - sums.income : 0;
        uint256 expected = pool * t.shareBps / BPS;
        uint256 put = uint256(t.contributed) + t.expensesPaid;
        uint256 paid = put > income ? put - income : 0;
        uint256 hosted = t.feesReceivable > t.feesPayable ? uint256(t.feesReceivable) - t.feesPayable : 0;
        uint256 paidPart = expected == 0 ? 1000 : _min2000(paid * 1000 / expected);
        uint256 hostedPart = sums.hosted == 0 ? 1000 : _min2000(hosted * 1000 * members / sums.hosted);
        return uint16((paidPart + hostedPart) / 2);
    }

    function _recordLow(
        uint32 periodId,
        uint32 previousJudged,
        uint32 memberId,
        uint16 index,
        uint8 periodsBeforeSuspension
    ) private {
        LowStreak storage streak = _judging.lowStreaks[memberId];
        bool follows = previousJudged != 0 && streak.lastPeriodId == previousJudged;
        uint8 count = !follows ? 1 : streak.count == type(uint8).max ? streak.count : streak.count + 1;
        (streak.lastPeriodId, streak.count) = (periodId, count);
        emit ContributionBelowMinimum(periodId, memberId, index, count);
        if (periodsBeforeSuspension != 0 && count >= periodsBeforeSuspension) {
            registry.proposeLowContributionSuspension(memberId, periodId);
        }
    }

    function _min2000(uint256 permille) private pure returns (uint256) {
        return permille > 2000 ? 2000 : permille;
    }

    // ================================================================== entries

    /// @inheritdoc ICostLedger
    function claimEntry(EntryClaim calldata claim) external {
        _claim(registry.requireActiveOperator(_msgSender()), claim);
    }

    /// @inheritdoc ICostLedger
    function claimEntries(EntryClaim[] calldata claims) external {
        if (claims.length == 0) revert CostLedgerEmptyBatch();
        uint32 memberId = registry.requireActiveOperator(_msgSender());
        // Bounded by calldata the caller pays for.
        for (uint256 i = 0; i < claims.length; ++i) {
            _claim(memberId, claims[i]);
        }
    }

    function _claim(uint32 memberId, EntryClaim calldata claim) private {
        Period storage p = _requireOpenPeriod(claim.periodId);
        if (!_totals[claim.periodId][memberId].listed) revert CostLedgerMemberNotInPeriod(claim.periodId, memberId);
        bytes32 entryId = _entryIdOf(memberId, claim.memberRef);
        if (_entries[entryId].status != EntryStatus.None || claim.memberRef == bytes32(0)) {
            revert CostLedgerEntryExists(entryId);
        }
        if (claim.amount == 0) revert CostLedgerZeroAmount();
        if (claim.evidenceHash == bytes32(0)) revert CostLedgerMissingEvidence();
        if (claim.kind == EntryKind.InKindContribution) {
            if (uint256(claim.quantity) * claim.unitValue != claim.amount || claim.category == bytes32(0)) {
                revert CostLedgerInKindValueMismatch(claim.amount, claim.quantity, claim.unitValue);
            }
        } else if (claim.kind == EntryKind.Income) {
            if (claim.category == bytes32(0)) revert CostLedgerIncomeWithoutSource();
        } else if (claim.kind == EntryKind.Reversal) {
            Entry storage original = _entries[claim.reverses];
            if (
                original.status != EntryStatus.Confirmed || original.memberId != memberId
                    || original.periodId != claim.periodId || original.kind == EntryKind.Reversal
                    || original.reversed || original.amount != claim.amount
            ) revert CostLedgerInvalidReversal(entryId, claim.reverses);
        }

        Entry storage e = _entries[entryId];
        e.periodId = claim.periodId;
        e.memberId = memberId;
        e.kind = claim.kind;
        e.status = EntryStatus.Claimed;
        e.amount = claim.amount;
        if (claim.kind == EntryKind.Reversal) e.reverses = claim.reverses;
        ++p.pendingEntries;
        emit EntryClaimed(
            entryId,
            claim.periodId,
            memberId,
            claim.kind,
            claim.amount,
            claim.category,
            claim.quantity,
            claim.unitValue,
            claim.reverses,
            claim.evidenceHash
        );
    }

    /// @inheritdoc ICostLedger
    function confirmEntry(bytes32 entryId) external {
        _confirm(entryId, _requireConfirmer());
    }

    /// @inheritdoc ICostLedger
    function confirmEntries(bytes32[] calldata entryIds) external {
        if (entryIds.length == 0) revert CostLedgerEmptyBatch();
        uint32 confirmerMember = _requireConfirmer();
        // Bounded by calldata the secretariat pays for.
        for (uint256 i = 0; i < entryIds.length; ++i) {
            _confirm(entryIds[i], confirmerMember);
        }
    }

    /// @dev The secretariat's account, and the member it is (or was) a key of, if any (0 if none).
    function _requireConfirmer() private view returns (uint32 memberId) {
        registry.requireRole(AllianceRoles.SECRETARIAT, _msgSender());
        return registry.operatorKey(_msgSender()).memberId;
    }

    function _confirm(bytes32 entryId, uint32 confirmerMember) private {
        Entry storage e = _requireClaimed(entryId);
        if (confirmerMember != 0 && confirmerMember == e.memberId) {
            revert CostLedgerSelfConfirmation(entryId, _msgSender());
        }
        Period storage p = _requireOpenPeriod(e.periodId);
        MemberTotals storage t = _totals[e.periodId][e.memberId];

        if (e.kind == EntryKind.ExpensePaid) {
            t.expensesPaid = _add(t.expensesPaid, e.amount);
        } else if (e.kind == EntryKind.Reversal) {
            Entry storage original = _entries[e.reverses];
            // Re-checked: the original may have been reversed by another claim confirmed first.
            if (original.reversed) revert CostLedgerInvalidReversal(entryId, e.reverses);
            original.reversed = true;
            // Cannot underflow: the original's confirmed amount is part of this total.
            if (original.kind == EntryKind.ExpensePaid) t.expensesPaid -= uint56(e.amount);
            else if (original.kind == EntryKind.Income) _income[e.periodId][e.memberId] -= e.amount;
            else t.contributed -= uint56(e.amount);
        } else if (e.kind == EntryKind.Income) {
            uint256 income = _income[e.periodId][e.memberId] + e.amount;
            if (income > MAX_TOTAL) revert CostLedgerAmountOverflow();
            _income[e.periodId][e.memberId] = income;
        } else {
            t.contributed = _add(t.contributed, e.amount);
        }
        e.status = EntryStatus.Confirmed;
        --p.pendingEntries;
        emit EntryConfirmed(entryId, e.periodId, e.memberId, _msgSender());
    }

    /// @inheritdoc ICostLedger
    function rejectEntry(bytes32 entryId, uint16 reasonCode) external {
        registry.requireRole(AllianceRoles.SECRETARIAT, _msgSender());
        if (reasonCode == 0) revert CostLedgerMissingReason();
        Entry storage e = _requireClaimed(entryId);
        Period storage p = _requireOpenPeriod(e.periodId);
        e.status = EntryStatus.Rejected;
        --p.pendingEntries;
        emit EntryRejected(entryId, e.periodId, e.memberId, reasonCode, _msgSender());
    }

    /// @inheritdoc ICostLedger
    function accrueCourseFee(uint32 payerId, uint32 payeeId, uint64 amount) external returns (uint32 periodId) {
        if (msg.sender != creditLedger && msg.sender != resourceExchange) {
            revert CostLedgerCallerNotCreditLedger(msg.sender);
        }
        periodId = _openPeriodId;
        if (periodId == 0) revert CostLedgerNoOpenPeriod();
        MemberTotals storage payer = _totals[periodId][payerId];
        MemberTotals storage payee = _totals[periodId][payeeId];
        if (!payer.listed) revert CostLedgerMemberNotInPeriod(periodId, payerId);
        if (!payee.listed) revert CostLedgerMemberNotInPeriod(periodId, payeeId);
        payer.feesPayable = _add(payer.feesPayable, amount);
        payee.feesReceivable = _add(payee.feesReceivable, amount);
        // No event here: the caller's event carries the fee and its period (the CreditLedger's
        // RecognitionDecided, the ResourceExchange's UseConfirmed and DisputeResolved).
    }

    // ================================================================== settlements

    /// @inheritdoc ICostLedger
    function recordSettlement(uint32 periodId, uint32 payeeId, uint64 amount, bytes32 paymentRef)
        external
        returns (uint256 settlementId)
    {
        uint32 payerId = registry.requireActiveOperator(_msgSender());
        if (_periods[periodId].status != PeriodStatus.Closed) revert CostLedgerPeriodNotClosed(periodId);
        if (
            payerId == payeeId || !_totals[periodId][payerId].listed || !_totals[periodId][payeeId].listed
                || paymentRef == bytes32(0)
        ) revert CostLedgerInvalidSettlement(payerId, payeeId);
        if (amount == 0) revert CostLedgerZeroAmount();
        // One bank payment, one record: a retried submission cannot count a payment twice.
        uint256 existing = _settlementByRef[payerId][paymentRef];
        if (existing != 0) revert CostLedgerDuplicatePayment(paymentRef, existing);
        settlementId = ++_settlementCount;
        _settlementByRef[payerId][paymentRef] = settlementId;
        _settlements[settlementId] = Settlement(periodId, payerId, payeeId, false, amount, paymentRef);
        emit SettlementRecorded(settlementId, periodId, payerId, payeeId, amount, paymentRef);
    }

    /// @inheritdoc ICostLedger
    function confirmSettlement(uint256 settlementId) external {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        Settlement storage s = _settlements[settlementId];
        if (s.periodId == 0) revert CostLedgerUnknownSettlement(settlementId);
        if (s.confirmed) revert CostLedgerSettlementConfirmed(settlementId);
        if (s.payeeId != caller) revert CostLedgerNotPayee(settlementId, caller, s.payeeId);
        s.confirmed = true;
        emit SettlementConfirmed(settlementId, s.periodId, s.payeeId);
    }

    // ================================================================== views

    /// @inheritdoc ICostLedger
    function period(uint32 periodId) external view returns (Period memory) {
        return _requirePeriod(periodId);
    }

    /// @inheritdoc ICostLedger
    function periodCount() external view returns (uint32) {
        return _periodCount;
    }

    /// @inheritdoc ICostLedger
    function openPeriodId() external view returns (uint32) {
        return _openPeriodId;
    }

    /// @inheritdoc ICostLedger
    function periodMembers(uint32 periodId)
        external
        view
        returns (uint32[] memory memberIds, uint16[] memory sharesBps)
    {
        _requirePeriod(periodId);
        memberIds = _periodMemberIds[periodId];
        sharesBps = new uint16[](memberIds.length);
        for (uint256 i = 0; i < memberIds.length; ++i) sharesBps[i] = _totals[periodId][memberIds[i]].shareBps;
    }

    /// @inheritdoc ICostLedger
    function memberTotals(uint32 periodId, uint32 memberId) external view returns (MemberTotals memory) {
        return _totals[periodId][memberId];
    }

    /// @inheritdoc ICostLedger
    function incomeReceived(uint32 periodId, uint32 memberId) external view returns (uint256) {
        return _income[periodId][memberId];
    }

    /// @inheritdoc ICostLedger
    function periodOpenedAt(uint32 periodId) external view returns (uint64) {
        return _judging.openedAt[periodId];
    }

    /// @inheritdoc ICostLedger
    function lowContribution(uint32 memberId) external view returns (uint32 lastPeriodId, uint8 consecutivePeriods) {
        LowStreak memory streak = _judging.lowStreaks[memberId];
        return (streak.lastPeriodId, streak.count);
    }

    /// @inheritdoc ICostLedger
    function netPosition(uint32 periodId, uint32 memberId) external view returns (int256) {
        if (_periods[periodId].status != PeriodStatus.Closed) revert CostLedgerPeriodNotClosed(periodId);
        return _nets[periodId][memberId];
    }

    /// @inheritdoc ICostLedger
    function entry(bytes32 entryId) external view returns (Entry memory) {
        if (_entries[entryId].status == EntryStatus.None) revert CostLedgerUnknownEntry(entryId);
        return _entries[entryId];
    }

    /// @inheritdoc ICostLedger
    function settlement(uint256 settlementId) external view returns (Settlement memory) {
        if (_settlements[settlementId].periodId == 0) revert CostLedgerUnknownSettlement(settlementId);
        return _settlements[settlementId];
    }

    /// @inheritdoc ICostLedger
    function settlementByPaymentRef(uint32 payerId, bytes32 paymentRef) external view returns (uint256) {
        return _settlementByRef[payerId][paymentRef];
    }

    /// @inheritdoc ICostLedger
    function settlementCount() external view returns (uint256) {
        return _settlementCount;
    }

    /// @inheritdoc ICostLedger
    function entryIdOf(uint32 memberId, bytes32 memberRef) external pure returns (bytes32) {
        return _entryIdOf(memberId, memberRef);
    }

    // ================================================================== internals

    function _entryIdOf(uint32 memberId, bytes32 memberRef) private pure returns (bytes32) {
        return keccak256(abi.encode(memberId, memberRef));
    }

    function _requirePeriod(uint32 periodId) private view returns (Period storage p) {
        p = _periods[periodId];
        if (p.status == PeriodStatus.None) revert CostLedgerUnknownPeriod(periodId);
    }

    function _requireOpenPeriod(uint32 periodId) private view returns (Period storage p) {
        p = _requirePeriod(periodId);
        if (p.status != PeriodStatus.Open) revert CostLedgerPeriodNotOpen(periodId, p.status);
    }

    function _requireClaimed(bytes32 entryId) private view returns (Entry storage e) {
        e = _entries[entryId];
        if (e.status == EntryStatus.None) revert CostLedgerUnknownEntry(entryId);
        if (e.status != EntryStatus.Claimed) revert CostLedgerEntryNotClaimed(entryId, e.status);
    }

    function _add(uint56 total, uint64 amount) private pure returns (uint56) {
        uint256 sum = uint256(total) + amount;
        if (sum > MAX_TOTAL) revert CostLedgerAmountOverflow();
        return uint56(sum);
    }
}
