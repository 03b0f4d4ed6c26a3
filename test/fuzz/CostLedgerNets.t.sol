// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICostLedger} from "../../contracts/interfaces/ICostLedger.sol";
import {AllianceSetup} from "./utils/AllianceSetup.sol";
import {Assert, vm} from "./utils/Vm.sol";

/// @dev Property: for any shares, contributions, expenses and course fees, the nets computed by the
/// largest-remainder rule close the period and sum to exactly zero; any other nets are refused.
contract CostLedgerNetsTest is AllianceSetup {
    uint32 private constant N = 5;
    uint256 private _entrySeq;

    function setUp() public {
        _deployAlliance(N, address(this)); // this contract accrues fees directly
    }

    function testFuzz_netsCloseThePeriodAndSumToZero(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory fees
    ) public {
        int256[] memory nets = _busyPeriod(weights, contributions, expenses, fees);
        costLedger.closePeriod(1, keccak256("report"), nets);
        int256 sum = 0;
        for (uint32 m = 1; m <= N; ++m) sum += costLedger.netPosition(1, m);
        Assert.isTrue(sum == 0, "nets sum to zero");
    }

    function testFuzz_anyOtherNetsAreRefused(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory fees,
        uint8 who,
        int32 delta
    ) public {
        vm.assume(delta != 0);
        int256[] memory nets = _busyPeriod(weights, contributions, expenses, fees);
        // Move `delta` between two members: the sum stays zero, the split no longer matches.
        uint256 first = uint256(who) % N;
        nets[first] += delta;
        nets[(first + 1) % N] -= delta;
        vm.expectRevert();
        costLedger.closePeriod(1, keccak256("report"), nets);
    }

    // ------------------------------------------------------------------ helpers

    function _busyPeriod(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory fees
    ) private returns (int256[] memory nets) {
        uint16[] memory shares = _shares(weights);
        uint32[] memory ids = new uint32[](N);
        for (uint32 i = 0; i < N; ++i) ids[i] = i + 1;
        costLedger.openPeriod(bytes3("CNY"), ids, shares);
        for (uint32 i = 0; i < N; ++i) {
            _confirmed(i + 1, ICostLedger.EntryKind.CashContribution, contributions[i]);
            _confirmed(i + 1, ICostLedger.EntryKind.ExpensePaid, expenses[i]);
            if (fees[i] != 0) costLedger.accrueCourseFee(i + 1, (i + 1) % N + 1, fees[i]);
        }
        return _expectedNets(ids, shares);
    }

    function _confirmed(uint32 memberId, ICostLedger.EntryKind kind, uint64 amount) private {
        if (amount == 0) return;
        bytes32 memberRef = keccak256(abi.encode(++_entrySeq));
        vm.prank(operatorOf(memberId));
        costLedger.claimEntry(ICostLedger.EntryClaim(memberRef, 1, kind, amount, 0, 0, 0, 0, keccak256("evidence")));
        costLedger.confirmEntry(costLedger.entryIdOf(memberId, memberRef));
    }

    /// @dev Arbitrary weights scaled to basis points that sum to exactly 10,000.
    function _shares(uint16[5] memory weights) private pure returns (uint16[] memory shares) {
        uint256 total = 0;
        for (uint256 i = 0; i < N; ++i) total += uint256(weights[i]) + 1;
        shares = new uint16[](N);
        uint256 assigned = 0;
        for (uint256 i = 0; i + 1 < N; ++i) {
            shares[i] = uint16(((uint256(weights[i]) + 1) * 10_000) / total);
            assigned += shares[i];
        }
        shares[N - 1] = uint16(10_000 - assigned);
    }

    /// @dev An independent largest-remainder computation (selection by remainder, ties to lower id).
    function _expectedNets(uint32[] memory ids, uint16[] memory shares) private view returns (int256[] memory nets) {
        ICostLedger.MemberTotals[] memory t = new ICostLedger.MemberTotals[](N);
        uint256 totalCost = 0;
        for (uint256 i = 0; i < N; ++i) {
            t[i] = costLedger.memberTotals(1, ids[i]);
            totalCost += uint256(t[i].contributed) + t[i].expensesPaid;
        }
        uint256[] memory alloc = new uint256[](N);
        uint256[] memory rem = new uint256[](N);
        uint256 allocated = 0;
        for (uint256 i = 0; i < N; ++i) {
            alloc[i] = (totalCost * shares[i]) / 10_000;
            rem[i] = (totalCost * shares[i]) % 10_000;
            allocated += alloc[i];
        }
        bool[] memory bumped = new bool[](N);
        for (uint256 left = totalCost - allocated; left > 0; --left) {
            uint256 best = type(uint256).max;
            for (uint256 i = 0; i < N; ++i) {
                if (!bumped[i] && (best == type(uint256).max || rem[i] > rem[best])) best = i;
            }
            bumped[best] = true;
            alloc[best] += 1;
        }
        nets = new int256[](N);
        for (uint256 i = 0; i < N; ++i) {
            nets[i] = int256(uint256(t[i].contributed) + t[i].expensesPaid + t[i].feesReceivable)
                - int256(uint256(t[i].feesPayable)) - int256(alloc[i]);
        }
    }
}
