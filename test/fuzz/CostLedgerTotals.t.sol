// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CostLedger} from "../../contracts/CostLedger.sol";
import {ICostLedger} from "../../contracts/interfaces/ICostLedger.sol";
import {AllianceRoles} from "../../contracts/libraries/AllianceRoles.sol";
import {AllianceSetup} from "./utils/AllianceSetup.sol";
import {Assert, vm} from "./utils/Vm.sol";

/// @dev Claims, confirms, rejects and reverses cost entries at random, keeping its own books (ghosts).
contract EntryHandler {
    uint32 internal constant N = 4;
    uint32 internal constant PERIOD = 1;

    struct GhostEntry {
        uint32 memberId;
        ICostLedger.EntryKind kind;
        uint64 amount;
        bytes32 reverses;
        bool reversedOrPending;
    }

    CostLedger internal immutable ledger;
    bytes32[] public pending;
    bytes32[] public confirmedOriginals;
    mapping(bytes32 entryId => GhostEntry) public ghostEntries;
    mapping(uint32 memberId => uint256) public ghostContributed;
    mapping(uint32 memberId => uint256) public ghostExpensesPaid;
    mapping(uint32 memberId => uint256) public ghostIncome;
    uint256 private _seq;

    constructor(CostLedger ledger_) {
        ledger = ledger_;
    }

    function pendingCount() external view returns (uint256) {
        return pending.length;
    }

    function claim(uint8 memberSeed, uint8 kindSeed, uint40 amountSeed) external {
        uint32 memberId = uint32(memberSeed % N) + 1;
        // Cash, in kind, expense or income (never a reversal: see reverse).
        ICostLedger.EntryKind kind =
            kindSeed % 4 == 3 ? ICostLedger.EntryKind.Income : ICostLedger.EntryKind(kindSeed % 4);
        uint64 amount = uint64(amountSeed % 1e12) + 1;
        (ICostLedger.EntryClaim memory c, bytes32 entryId) = _claim(memberId, kind, amount, 0);
        if (kind == ICostLedger.EntryKind.InKindContribution) {
            (c.category, c.quantity, c.unitValue) = (keccak256("lab-hours"), amount, 1);
        } else if (kind == ICostLedger.EntryKind.Income) {
            c.category = keccak256("grant");
        }
        _submit(c, entryId);
    }

    function reverse(uint256 index) external {
        if (confirmedOriginals.length == 0) return;
        bytes32 original = confirmedOriginals[index % confirmedOriginals.length];
        GhostEntry storage g = ghostEntries[original];
        if (g.reversedOrPending) return;
        g.reversedOrPending = true;
        (ICostLedger.EntryClaim memory c, bytes32 entryId) =
            _claim(g.memberId, ICostLedger.EntryKind.Reversal, g.amount, original);
        _submit(c, entryId);
    }

    function confirm(uint256 index) external {
        if (pending.length == 0) return;
        bytes32 entryId = _takePending(index);
        ledger.confirmEntry(entryId);
        GhostEntry storage g = ghostEntries[entryId];
        if (g.kind == ICostLedger.EntryKind.Reversal) {
            GhostEntry storage original = ghostEntries[g.reverses];
            if (original.kind == ICostLedger.EntryKind.ExpensePaid) ghostExpensesPaid[g.memberId] -= g.amount;
            else if (original.kind == ICostLedger.EntryKind.Income) ghostIncome[g.memberId] -= g.amount;
            else ghostContributed[g.memberId] -= g.amount;
        } else {
            if (g.kind == ICostLedger.EntryKind.ExpensePaid) ghostExpensesPaid[g.memberId] += g.amount;
            else if (g.kind == ICostLedger.EntryKind.Income) ghostIncome[g.memberId] += g.amount;
            else ghostContributed[g.memberId] += g.amount;
            confirmedOriginals.push(entryId);
        }
    }

    function reject(uint256 index, uint16 reason) external {
        if (pending.length == 0) return;
        bytes32 entryId = _takePending(index);
        ledger.rejectEntry(entryId, reason == 0 ? 1 : reason);
        GhostEntry storage g = ghostEntries[entryId];
        if (g.kind == ICostLedger.EntryKind.Reversal) ghostEntries[g.reverses].reversedOrPending = false;
    }

    /// @dev A claim with a fresh member reference; the ghost books it under the id the ledger derives.
    function _claim(uint32 memberId, ICostLedger.EntryKind kind, uint64 amount, bytes32 reverses)
        private
        returns (ICostLedger.EntryClaim memory c, bytes32 entryId)
    {
        bytes32 memberRef = keccak256(abi.encode("entry", ++_seq));
        entryId = ledger.entryIdOf(memberId, memberRef);
        ghostEntries[entryId] = GhostEntry(memberId, kind, amount, reverses, false);
        c = ICostLedger.EntryClaim(memberRef, PERIOD, kind, amount, 0, 0, 0, reverses, keccak256("evidence"));
    }

    function _submit(ICostLedger.EntryClaim memory c, bytes32 entryId) private {
        vm.prank(address(uint160(0xA11CE000 + ghostEntries[entryId].memberId)));
        ledger.claimEntry(c);
        pending.push(entryId);
    }

    function _takePending(uint256 index) private returns (bytes32 entryId) {
        uint256 i = index % pending.length;
        entryId = pending[i];
        pending[i] = pending[pending.length - 1];
        pending.pop();
    }
}

/// @dev Invariant: the on-chain running totals and income always equal the sum of confirmed entries (net
/// of confirmed reversals), and the pending count equals the claims awaiting a decision.
contract CostLedgerTotalsTest is AllianceSetup {
    EntryHandler private _handler;

    function setUp() public {
        _deployAlliance(4, address(0));
        _handler = new EntryHandler(costLedger);
        registry.grantRole(AllianceRoles.SECRETARIAT, address(_handler));
        uint32[] memory ids = new uint32[](4);
        uint16[] memory shares = new uint16[](4);
        for (uint32 i = 0; i < 4; ++i) (ids[i], shares[i]) = (i + 1, 2500);
        _openPeriod(ids, shares);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    function invariant_totalsEqualConfirmedEntries() public view {
        for (uint32 m = 1; m <= 4; ++m) {
            ICostLedger.MemberTotals memory t = costLedger.memberTotals(1, m);
            Assert.eq(t.contributed, _handler.ghostContributed(m), "contributed");
            Assert.eq(t.expensesPaid, _handler.ghostExpensesPaid(m), "expensesPaid");
            Assert.eq(costLedger.incomeReceived(1, m), _handler.ghostIncome(m), "incomeReceived");
        }
    }

    function invariant_pendingCountMatches() public view {
        Assert.eq(costLedger.period(1).pendingEntries, _handler.pendingCount(), "pendingEntries");
    }
}
