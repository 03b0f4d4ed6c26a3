// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ICostLedger
 * @notice Budget periods, cost entries and their two-party confirmation, course-sharing fees, period
 * close with the reconciliation hash, and settlements.
 *
 * Money is integer minor units (fen, cents) of the period's currency. A member's net position is
 *
 *     net = contributed + expensesPaid + feesReceivable - feesPayable - allocatedCost
 *
 * where `allocatedCost` is the member's share of the period's total cost (every confirmed contribution
 * plus every confirmed expense), split by the largest-remainder method so the shares add up exactly.
 * Nets therefore sum to zero; {closePeriod} refuses any that do not.
 *
 * Alliance income (grants, outside funding, training fees) is a cost with the opposite sign: the member
 * that received it holds it for the alliance (its own balance is lowered by it), and the pool the shares
 * split is every confirmed contribution and expense minus every confirmed income. A negative pool (more
 * income than cost) is split the same way and handed out: each allocation is minus the split of its
 * magnitude.
 *
 * At close each member's contribution index is computed, in thousandths, from the period's totals:
 *
 *     index = (min(paid * 1000 / expected, 2000) + min(hosted * 1000 * n / allHosted, 2000)) / 2
 *
 * with `paid` its confirmed contributions and expenses less the income it holds (not below zero),
 * `expected` its share (floor) of the pool (costs less income, not below zero), and `hosted` the fees it
 * earned hosting other schools' students and resource uses less the fees it owes (not below zero:
 * two members billing each other host nothing), against the period's n members (either half is 1,000
 * when its denominator is zero). A period is judged only when it had cost or hosting and lasted the
 * charter's minimum days ({ICharterTerms.ContributionRule}); {PeriodJudged} says which rule applied.
 * Members below the charter's minimum are recorded ({ContributionBelowMinimum}); a member low for the
 * charter's number of consecutive judged periods gets a suspension proposal, which the council decides.
 *
 * Largest remainder, exactly: member i's exact share is totalCost * shareBps_i / 10,000. Every member
 * gets the floor of it; the minor units left over go one each to the members with the largest
 * remainders, ties broken by the lower member id.
 */
interface ICostLedger {
    enum PeriodStatus {
        None,
        Open,
        Closed
    }

    enum EntryKind {
        CashContribution,
        InKindContribution,
        ExpensePaid,
        Reversal,
        Income
    }

    enum EntryStatus {
        None,
        Claimed,
        Confirmed,
        Rejected
    }

    struct Period {
        PeriodStatus status;
        bytes3 currency; // ISO 4217, e.g. "CNY"
        uint32 pendingEntries; // claimed, not yet confirmed or rejected
        uint64 openedAtBlock;
        uint64 closedAtBlock;
        bytes32 reportHash; // SHA-256 or keccak of the reconciliation report, set at close
    }

    /// @dev One storage slot per member and period: every confirmed entry and fee updates it in O(1),
    /// and it is written at open, so later updates never pay for a fresh slot. uint56 holds 7.2e16
    /// minor units per total; larger totals revert with {CostLedgerAmountOverflow}.
    struct MemberTotals {
        uint56 contributed;
        uint56 expensesPaid;
        uint56 feesReceivable;
        uint56 feesPayable;
        uint16 shareBps;
        bool listed;
    }

    /// @dev What a member claims. For in-kind contributions `amount` must equal `quantity * unitValue`;
    /// for a reversal `reverses` names the member's own confirmed entry of the same period, whose amount
    /// it must repeat.
    /// @dev `memberRef` is the member's own unique reference (e.g. the hash of its voucher number); the
    /// entry's id is {entryIdOf}(member, reference), so no member can take another member's id first.
    struct EntryClaim {
        bytes32 memberRef;
        uint32 periodId;
        EntryKind kind;
        uint64 amount;
        bytes32 category; // in-kind: e.g. keccak256("lab-hours"); income: its source, e.g. keccak256("grant")
        uint64 quantity;
        uint64 unitValue;
        bytes32 reverses;
        bytes32 evidenceHash;
    }

    struct Entry {
        uint32 periodId;
        uint32 memberId;
        EntryKind kind;
        EntryStatus status;
        bool reversed;
        uint64 amount;
        bytes32 reverses; // evidence hashes live in {EntryClaimed}, not in storage
    }

    struct Settlement {
        uint32 periodId;
        uint32 payerId;
        uint32 payeeId;
        bool confirmed;
        uint64 amount;
        bytes32 paymentRef;
    }

    // ------------------------------------------------------------------ errors

    /// @notice No period has id `periodId`.
    error CostLedgerUnknownPeriod(uint32 periodId);
    /// @notice The period is not open (it is `status`): claims, confirmations, rejections and closing need
    /// an open period.
    error CostLedgerPeriodNotOpen(uint32 periodId, PeriodStatus status);
    /// @notice The period is not closed yet (or does not exist): settlements and net positions exist only
    /// for closed periods.
    error CostLedgerPeriodNotClosed(uint32 periodId);
    /// @notice {openPeriod} while period `openPeriodId` is open: only one period is open at a time, so close
    /// it first.
    error CostLedgerPeriodStillOpen(uint32 openPeriodId);
    /// @notice A course fee must be accrued or reversed but no period is open: recognitions that accrue a
    /// fee, revocations of a recognised record, and confirmations and resolutions of resource uses with a
    /// fee, wait for the next period.
    error CostLedgerNoOpenPeriod();
    /// @notice {openPeriod} with `members` member ids but `shares` shares.
    error CostLedgerSharesLengthMismatch(uint256 members, uint256 shares);
    /// @notice {openPeriod} lists `listed` members but `active` members are Active: a period must list every
    /// active member exactly once, in ascending id order.
    error CostLedgerMembersIncomplete(uint256 listed, uint256 active);
    /// @notice {openPeriod}'s member ids are not strictly ascending at `memberId` (a duplicate or out of
    /// order).
    error CostLedgerMembersNotAscending(uint32 memberId);
    /// @notice {openPeriod}'s shares add up to `totalBps` basis points, not 10,000.
    error CostLedgerSharesNotWhole(uint256 totalBps);
    /// @notice {openPeriod} with a zero currency code.
    error CostLedgerInvalidCurrency();
    /// @notice Member `memberId` is not listed in period `periodId` (it was not Active when the period
    /// opened): it cannot claim entries there, and no course fee can be accrued to or from it there.
    error CostLedgerMemberNotInPeriod(uint32 periodId, uint32 memberId);
    /// @notice A claim whose reference the member has already used (its entry `entryId` exists), or whose
    /// `memberRef` is zero.
    error CostLedgerEntryExists(bytes32 entryId);
    /// @notice `account` is (or was) an operator key of the entry's member: nobody confirms its own claim.
    error CostLedgerSelfConfirmation(bytes32 entryId, address account);
    /// @notice No entry has id `entryId`.
    error CostLedgerUnknownEntry(bytes32 entryId);
    /// @notice The entry is no longer awaiting a decision (it is `status`): only a claimed entry can be
    /// confirmed or rejected.
    error CostLedgerEntryNotClaimed(bytes32 entryId, EntryStatus status);
    /// @notice A claim or settlement with an amount of zero.
    error CostLedgerZeroAmount();
    /// @notice An in-kind claim whose `amount` is not `quantity * unitValue`, or that has no category.
    error CostLedgerInKindValueMismatch(uint64 amount, uint64 quantity, uint64 unitValue);
    /// @notice A claim without an evidence hash.
    error CostLedgerMissingEvidence();
    /// @notice {rejectEntry} with a reason code of zero.
    error CostLedgerMissingReason();
    /// @notice The reversal `entryId` does not reverse `reverses` validly: the original must be the member's
    /// own confirmed entry of the same period, not itself a reversal, not reversed already, and of the same
    /// amount. Raised at the claim, and at confirmation if another reversal of it was confirmed first.
    error CostLedgerInvalidReversal(bytes32 entryId, bytes32 reverses);
    /// @notice {closePeriod} while `pending` entries of the period are still claimed, neither confirmed nor
    /// rejected.
    error CostLedgerPendingEntries(uint32 periodId, uint32 pending);
    /// @notice {closePeriod} with `nets` net positions for a period of `members` members.
    error CostLedgerNetsLengthMismatch(uint256 members, uint256 nets);
    /// @notice {closePeriod} with net positions that add up to `sum`, not zero.
    error CostLedgerNetsDoNotSumToZero(int256 sum);
    /// @notice {closePeriod}: `memberId`'s net implies an allocated cost that is not within one minor unit of
    /// its exact share.
    /// @param allocatedCost The cost the net implies: the member's own balance minus `net`.
    error CostLedgerNetMismatch(uint32 memberId, int256 net, int256 allocatedCost);
    /// @notice {closePeriod}: the rounding is not the largest-remainder method: `roundedUpMemberId` got the
    /// extra minor unit although `roundedDownMemberId` has a larger remainder (or an equal one and a lower
    /// member id).
    error CostLedgerNotLargestRemainder(uint32 roundedUpMemberId, uint32 roundedDownMemberId);
    /// @notice {closePeriod} without a report hash.
    error CostLedgerMissingReportHash();
    /// @notice {accrueCourseFee} called by `caller`, which is neither the wired credit ledger nor the wired
    /// resource exchange (the only two fee sources).
    error CostLedgerCallerNotCreditLedger(address caller);
    /// @notice {setCreditLedger} when the credit ledger `creditLedger` is already wired: it is set once.
    error CostLedgerCreditLedgerAlreadySet(address creditLedger);
    /// @notice {setResourceExchange} when the resource exchange `resourceExchange` is already wired: it is
    /// set once.
    error CostLedgerResourceExchangeAlreadySet(address resourceExchange);
    /// @notice No settlement has id `settlementId`.
    error CostLedgerUnknownSettlement(uint256 settlementId);
    /// @notice {confirmSettlement} of a settlement the payee has already confirmed.
    error CostLedgerSettlementConfirmed(uint256 settlementId);
    /// @notice {confirmSettlement} by member `callerMemberId`, which is not the settlement's payee
    /// `payeeId`.
    error CostLedgerNotPayee(uint256 settlementId, uint32 callerMemberId, uint32 payeeId);
    /// @notice {recordSettlement} that pays oneself, involves a member not listed in the period, or has no
    /// payment reference.
    error CostLedgerInvalidSettlement(uint32 payerId, uint32 payeeId);
    /// @notice The payer already recorded a settlement with this payment reference (`settlementId`).
    error CostLedgerDuplicatePayment(bytes32 paymentRef, uint256 settlementId);
    /// @notice An amount does not fit: a member's period total would exceed uint56 (7.2e16 minor units), or
    /// a course fee, or the fees one recognition call accrues to a host, would exceed uint64.
    error CostLedgerAmountOverflow();
    /// @notice {openPeriod} with shares the council has not decided: neither the charter's shares nor
    /// shares the council decided for period `periodId` (see {ICharterTerms.proposeShares}).
    error CostLedgerSharesNotDecided(uint32 periodId);
    /// @notice An income claim without its source (the category).
    error CostLedgerIncomeWithoutSource();
    /// @notice {claimEntries} or {confirmEntries} with an empty list.
    error CostLedgerEmptyBatch();

    // ------------------------------------------------------------------ events

    event PeriodOpened(uint32 indexed periodId, bytes3 currency, uint32[] memberIds, uint16[] sharesBps);
    event EntryClaimed(
        bytes32 indexed entryId,
        uint32 indexed periodId,
        uint32 indexed memberId,
        EntryKind kind,
        uint64 amount,
        bytes32 category,
        uint64 quantity,
        uint64 unitValue,
        bytes32 reverses,
        bytes32 evidenceHash
    );
    event EntryConfirmed(bytes32 indexed entryId, uint32 indexed periodId, uint32 indexed memberId, address by);
    event EntryRejected(
        bytes32 indexed entryId, uint32 indexed periodId, uint32 indexed memberId, uint16 reasonCode, address by
    );
    event PeriodClosed(uint32 indexed periodId, bytes32 reportHash, int256[] nets);
    event SettlementRecorded(
        uint256 indexed settlementId,
        uint32 indexed periodId,
        uint32 indexed payerId,
        uint32 payeeId,
        uint64 amount,
        bytes32 paymentRef
    );
    event SettlementConfirmed(uint256 indexed settlementId, uint32 indexed periodId, uint32 indexed payeeId);
    /// @dev Emitted at close for each member whose contribution index is below the charter's minimum;
    /// `consecutivePeriods` counts this period and the low periods just before it.
    event ContributionBelowMinimum(
        uint32 indexed periodId, uint32 indexed memberId, uint16 indexPermille, uint8 consecutivePeriods
    );
    /// @dev Emitted at close while the charter has a minimum index: whether the period was judged
    /// (long enough, with cost or hosting) and the rule it was judged by.
    event PeriodJudged(
        uint32 indexed periodId,
        bool judged,
        uint16 minIndexPermille,
        uint8 periodsBeforeSuspension,
        uint16 minPeriodDays
    );
    event CreditLedgerSet(address creditLedger);
    event ResourceExchangeSet(address resourceExchange);

    // ------------------------------------------------------------------ functions

    /// @notice Wires the credit ledger that may accrue course fees. Once, by the registry's admin.
    function setCreditLedger(address creditLedger) external;

    /// @notice Wires the resource exchange that may accrue shared-resource fees. Once, by the registry's
    /// admin (so at deployment: the bootstrap renounces admin).
    function setResourceExchange(address resourceExchange) external;

    /**
     * @notice Opens a budget period with every active member's share of cost.
     * Requirements: secretariat; no period open; `memberIds` is every active member, ascending;
     * shares sum to 10,000 basis points; and they are the shares the council decided: the ones it
     * decided for this period, else the charter's ({ICharterTerms.decidedSharesHash}).
     */
    function openPeriod(bytes3 currency, uint32[] calldata memberIds, uint16[] calldata sharesBps)
        external
        returns (uint32 periodId);

    /**
     * @notice A member claims a cost entry; it counts only once the secretariat confirms it.
     * Requirements: caller is a key of an Active member listed in the open period; the member has not
     * used `memberRef` before.
     */
    function claimEntry(EntryClaim calldata claim) external;

    /// @notice The id of member `memberId`'s entry with its own `memberRef`:
    /// keccak256(abi.encode(memberId, memberRef)).
    function entryIdOf(uint32 memberId, bytes32 memberRef) external pure returns (bytes32);

    /// @notice Several claims by one member in one transaction (a month of receipts); all or nothing.
    function claimEntries(EntryClaim[] calldata claims) external;

    /**
     * @notice The secretariat confirms a claimed entry; the member's running totals change in O(1).
     * Requirements: caller has the secretariat role and is not a key of the entry's member.
     */
    function confirmEntry(bytes32 entryId) external;

    /// @notice The secretariat confirms several claimed entries in one transaction; all or nothing.
    function confirmEntries(bytes32[] calldata entryIds) external;

    /// @notice The secretariat rejects a claimed entry with a non-zero reason code.
    function rejectEntry(bytes32 entryId, uint16 reasonCode) external;

    /**
     * @notice Accrues a course-sharing fee in the open period: payable by `payerId` (the home school),
     * receivable by `payeeId` (the host). Called by the CreditLedger on each accepted recognition, and by
     * the ResourceExchange on each confirmed or resolved resource use (payer the user, payee the host):
     * the two fee sources, each wired once; nobody else may call it.
     */
    function accrueCourseFee(uint32 payerId, uint32 payeeId, uint64 amount) external returns (uint32 periodId);

    /**
     * @notice Closes a period: records the reconciliation report hash and every member's net position,
     * in the order of {periodMembers}. Refuses nets that do not sum to zero or that disagree with the
     * on-chain totals and shares. A closed period never changes.
     * Requirements: secretariat; period open; no claims pending.
     */
    function closePeriod(uint32 periodId, bytes32 reportHash, int256[] calldata nets) external;

    /**
     * @notice The payer records a settlement payment of a closed period. The payment reference (the
     * hash of the bank transfer's reference) identifies the payment: a payer records each once.
     */
    function recordSettlement(uint32 periodId, uint32 payeeId, uint64 amount, bytes32 paymentRef)
        external
        returns (uint256 settlementId);

    /// @notice The payee confirms it received a settlement payment.
    function confirmSettlement(uint256 settlementId) external;

    // ------------------------------------------------------------------ views

    function period(uint32 periodId) external view returns (Period memory);

    /// @notice The settlement the payer recorded with this payment reference, or 0.
    function settlementByPaymentRef(uint32 payerId, bytes32 paymentRef) external view returns (uint256);
    function periodCount() external view returns (uint32);
    function openPeriodId() external view returns (uint32);
    function periodMembers(uint32 periodId)
        external
        view
        returns (uint32[] memory memberIds, uint16[] memory sharesBps);
    function memberTotals(uint32 periodId, uint32 memberId) external view returns (MemberTotals memory);
    /// @notice Confirmed income the member received for the alliance in the period, minor units.
    function incomeReceived(uint32 periodId, uint32 memberId) external view returns (uint256);
    /// @notice The block time a period opened at (its length decides whether its close judges members).
    function periodOpenedAt(uint32 periodId) external view returns (uint64);
    /// @notice The member's latest period below the charter's minimum, and how many consecutive ones.
    function lowContribution(uint32 memberId) external view returns (uint32 lastPeriodId, uint8 consecutivePeriods);
    function netPosition(uint32 periodId, uint32 memberId) external view returns (int256);
    function entry(bytes32 entryId) external view returns (Entry memory);
    function settlement(uint256 settlementId) external view returns (Settlement memory);
    function settlementCount() external view returns (uint256);
}
