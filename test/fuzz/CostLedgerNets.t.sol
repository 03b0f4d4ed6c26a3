// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICostLedger} from "../../contracts/interfaces/ICostLedger.sol";
import {AllianceSetup} from "./utils/AllianceSetup.sol";
import {ExpectedNets} from "./utils/ExpectedNets.sol";
import {Assert, vm} from "./utils/Vm.sol";

/// @dev Property: for any shares, contributions, expenses, income and course fees, the nets computed by the
/// largest-remainder rule close the period and sum to exactly zero; any other nets are refused. And the
/// members recorded low at close are exactly those whose contribution index is below the rule's minimum.
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

    /// @dev Property: with income as well (any amounts, and more than the period's costs when `surplus`),
    /// the largest-remainder split of costs minus income sums to zero and closes the period.
    function testFuzz_netsWithIncomeCloseThePeriodAndSumToZero(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory incomes,
        uint40[5] memory fees,
        bool surplus
    ) public {
        int256[] memory nets = _periodWithIncome(weights, contributions, expenses, incomes, fees, surplus);
        int256 sum = 0;
        for (uint256 i = 0; i < N; ++i) sum += nets[i];
        Assert.isTrue(sum == 0, "expected nets sum to zero");
        costLedger.closePeriod(1, keccak256("report"), nets);
        for (uint32 m = 1; m <= N; ++m) Assert.isTrue(costLedger.netPosition(1, m) == nets[m - 1], "net recorded");
    }

    /// @dev Property: the same nets with one minor unit moved from any member to any other are refused, as
    /// not the split (the sum is still zero).
    function testFuzz_netsWithIncomeMovedByOneUnitAreRefused(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory incomes,
        uint40[5] memory fees,
        bool surplus,
        uint16 move
    ) public {
        int256[] memory nets = _periodWithIncome(weights, contributions, expenses, incomes, fees, surplus);
        uint256 giver = uint256(move) % N;
        nets[giver] -= 1;
        nets[(giver + 1 + (uint256(move) / N) % (N - 1)) % N] += 1;
        try costLedger.closePeriod(1, keccak256("report"), nets) {
            Assert.isTrue(false, "closed with a net moved by one unit");
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            Assert.isTrue(
                selector == ICostLedger.CostLedgerNetMismatch.selector
                    || selector == ICostLedger.CostLedgerNotLargestRemainder.selector,
                "refused as not the largest-remainder split"
            );
        }
    }

    /// @dev Property: at close, a member is recorded low exactly when its contribution index, computed here
    /// from the period's totals, is below the rule's minimum (a random one, or one at a member's index).
    function testFuzz_lowContributorsAreExactlyThoseBelowTheMinimum(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory fees,
        uint16 minSeed
    ) public {
        int256[] memory nets = _busyPeriod(weights, contributions, expenses, fees);
        uint16[] memory index = _contributionIndices();
        uint256 pick = index[minSeed % N] + (minSeed / N) % 2; // a member's index, or one above it
        if (pick == 0) pick = 1;
        if (pick > 2000) pick = 2000;
        uint16 min = minSeed % 3 == 0 ? uint16(minSeed % 2000) + 1 : uint16(pick);
        registry.proposeContributionRule(min, 0, 0); // this contract is the council: executes at once
        bool judged = _judged();
        costLedger.closePeriod(1, keccak256("report"), nets);
        for (uint32 m = 1; m <= N; ++m) {
            (uint32 lastPeriodId, uint8 consecutive) = costLedger.lowContribution(m);
            bool low = judged && index[m - 1] < min;
            Assert.eq(lastPeriodId, low ? 1 : 0, "low period recorded iff the index is below the minimum");
            Assert.eq(consecutive, low ? 1 : 0, "consecutive low periods");
        }
    }

    // ------------------------------------------------------------------ helpers

    function _periodWithIncome(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory incomes,
        uint40[5] memory fees,
        bool surplus
    ) private returns (int256[] memory nets) {
        _busyPeriod(weights, contributions, expenses, fees);
        uint256 totalCost = 0;
        for (uint256 i = 0; i < N; ++i) totalCost += uint256(contributions[i]) + expenses[i];
        ICostLedger.MemberTotals[] memory t = new ICostLedger.MemberTotals[](N);
        uint256[] memory income = new uint256[](N);
        for (uint32 i = 0; i < N; ++i) {
            // With `surplus`, member 1 alone received more than the period cost.
            income[i] = uint256(incomes[i]) + (surplus && i == 0 ? totalCost + 1 : 0);
            _confirmed(i + 1, ICostLedger.EntryKind.Income, uint64(income[i]));
            Assert.eq(costLedger.incomeReceived(1, i + 1), income[i], "incomeReceived");
            t[i] = costLedger.memberTotals(1, i + 1);
        }
        return ExpectedNets.compute(t, income);
    }

    /// @dev Each member's contribution index as ICostLedger defines it, from the open period's totals.
    function _contributionIndices() private view returns (uint16[] memory index) {
        ICostLedger.MemberTotals[] memory t = new ICostLedger.MemberTotals[](N);
        uint256 cost = 0;
        uint256 hosted = 0;
        for (uint32 i = 0; i < N; ++i) {
            t[i] = costLedger.memberTotals(1, i + 1);
            cost += uint256(t[i].contributed) + t[i].expensesPaid;
            hosted += _hostedNet(t[i]);
        }
        index = new uint16[](N);
        for (uint256 i = 0; i < N; ++i) {
            // No income here: the pool is the cost, and a member paid what it put in.
            uint256 expected = cost * t[i].shareBps / 10_000;
            uint256 paid = uint256(t[i].contributed) + t[i].expensesPaid;
            uint256 paidPart = expected == 0 ? 1000 : _cap(paid * 1000 / expected);
            uint256 hostedPart = hosted == 0 ? 1000 : _cap(_hostedNet(t[i]) * 1000 * N / hosted);
            index[i] = uint16((paidPart + hostedPart) / 2);
        }
    }

    /// @dev Hosting counts fees earned less fees owed, never below zero.
    function _hostedNet(ICostLedger.MemberTotals memory t) private pure returns (uint256) {
        return t.feesReceivable > t.feesPayable ? uint256(t.feesReceivable) - t.feesPayable : 0;
    }

    /// @dev A close judges members only when the period had cost or hosting fees.
    function _judged() private view returns (bool) {
        for (uint32 i = 1; i <= N; ++i) {
            ICostLedger.MemberTotals memory t = costLedger.memberTotals(1, i);
            if (t.contributed != 0 || t.expensesPaid != 0 || t.feesReceivable != 0) return true;
        }
        return false;
    }

    function _cap(uint256 permille) private pure returns (uint256) {
        return permille > 2000 ? 2000 : permille;
    }

    function _busyPeriod(
        uint16[5] memory weights,
        uint40[5] memory contributions,
        uint40[5] memory expenses,
        uint40[5] memory fees
    ) private returns (int256[] memory nets) {
        uint16[] memory shares = _shares(weights);
        uint32[] memory ids = new uint32[](N);
        for (uint32 i = 0; i < N; ++i) ids[i] = i + 1;
        _openPeriod(ids, shares);
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
        bytes32 category = kind == ICostLedger.EntryKind.Income ? keccak256("grant") : bytes32(0);
        costLedger.claimEntry(
            ICostLedger.EntryClaim(memberRef, 1, kind, amount, category, 0, 0, 0, keccak256("evidence"))
        );
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
