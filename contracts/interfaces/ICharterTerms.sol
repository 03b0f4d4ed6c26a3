// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ICharterTerms
 * @notice The charter's money and membership terms, each a council decision: every member's investment
 * proportion (the shares a budget period opens with, unless the council decides other shares for that
 * one period), and the minimum contribution index with the number of consecutive low periods after
 * which the cost ledger proposes a member's suspension (the council still decides).
 *
 * Shares are kept on chain as the hash `keccak256(abi.encode(uint32[] memberIds, uint16[] sharesBps))`;
 * the lists themselves are in {SharesProposed}, so anyone can recompute the hash from the log.
 */
interface ICharterTerms {
    /// @dev The contribution index is in thousandths: 1,000 is a member that paid its share and hosted
    /// as much as the average member (see {ICostLedger}). A rule of zero flags nobody. A period shorter
    /// than `minPeriodDays`, or with no cost and no hosting, is not judged: it neither flags a member nor
    /// breaks a member's run of low periods (so nobody is flagged, or let off, by periods opened and closed
    /// in a hurry).
    struct ContributionRule {
        uint16 minIndexPermille;
        uint8 periodsBeforeSuspension; // consecutive low periods; 0 never proposes a suspension
        uint16 minPeriodDays;
    }

    /// @notice Proposed shares whose member ids are not strictly ascending at `memberId`, or whose lists
    /// differ in length (`memberId` is then zero).
    error CharterSharesInvalid(uint32 memberId);
    /// @notice Proposed shares that add up to `totalBps` basis points, not 10,000.
    error CharterSharesNotWhole(uint256 totalBps);
    /// @notice A contribution rule whose minimum index is above 2,000 (the highest index there is).
    error CharterRuleInvalid(uint16 minIndexPermille);
    /// @notice Only the cost ledger proposes suspensions for low contribution; `caller` is not it.
    error CharterCallerNotCostLedger(address caller);
    /// @notice {setCostLedger} once the cost ledger is set (to `costLedger`).
    error CharterCostLedgerAlreadySet(address costLedger);
    /// @notice The bootstrap cannot end before {setCostLedger}: afterwards nobody could wire it.
    error CharterCostLedgerNotSet();

    event SharesProposed(uint256 indexed proposalId, uint32 indexed periodId, uint32[] memberIds, uint16[] sharesBps);
    /// @dev `periodId` zero: the charter's shares, used by every period without shares of its own.
    event SharesDecided(uint256 indexed proposalId, uint32 indexed periodId, bytes32 sharesHash);
    event ContributionRuleProposed(
        uint256 indexed proposalId, uint16 minIndexPermille, uint8 periodsBeforeSuspension, uint16 minPeriodDays
    );
    event ContributionRuleSet(
        uint256 indexed proposalId, uint16 minIndexPermille, uint8 periodsBeforeSuspension, uint16 minPeriodDays
    );
    event LowContributionSuspensionProposed(
        uint256 indexed proposalId, uint32 indexed memberId, uint32 indexed periodId
    );
    event CostLedgerSet(address costLedger);

    /**
     * @notice Proposes investment shares: the charter's (`periodId` zero) or one period's own.
     * Requirements: caller has the council role; ids strictly ascending and known members; the lists of
     * equal length; shares summing to 10,000 basis points. Whether they list exactly the active members
     * is checked when a period opens with them.
     */
    function proposeShares(uint32 periodId, uint32[] calldata memberIds, uint16[] calldata sharesBps)
        external
        returns (uint256 proposalId);

    /**
     * @notice Proposes the minimum contribution index, the consecutive low periods before a suspension
     * is proposed, and the shortest period judged. Requirements: caller has the council role; the
     * minimum at most 2,000.
     */
    function proposeContributionRule(uint16 minIndexPermille, uint8 periodsBeforeSuspension, uint16 minPeriodDays)
        external
        returns (uint256 proposalId);

    /**
     * @notice Opens a suspension proposal for `memberId`, low for the charter's number of periods up to
     * `periodId`, with no approvals: the council decides. No second one while one for the member is
     * still open. Requirements: caller is the cost ledger.
     * @return proposalId the new proposal, or zero when one is still open.
     */
    function proposeLowContributionSuspension(uint32 memberId, uint32 periodId) external returns (uint256 proposalId);

    /// @notice Wires the cost ledger, once, during bootstrap (which cannot end without it). Requirements:
    /// caller has the admin role.
    function setCostLedger(address costLedger) external;

    /// @notice The decided shares hash for `periodId`: its own if the council decided any, else the
    /// charter's (zero when the council decided none).
    function decidedSharesHash(uint32 periodId) external view returns (bytes32);

    function contributionRule() external view returns (ContributionRule memory);

    /// @notice The cost ledger wired by {setCostLedger} (zero before).
    function costLedger() external view returns (address);
}
