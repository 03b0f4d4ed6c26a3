// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICostLedger} from "../../../contracts/interfaces/ICostLedger.sol";

/// @dev An independent largest-remainder computation of a period's nets from its members' totals
/// (selection by remainder, ties to the lower position, members in ascending id order).
library ExpectedNets {
    function compute(ICostLedger.MemberTotals[] memory t) internal pure returns (int256[] memory nets) {
        return compute(t, new uint256[](t.length));
    }

    /// @dev With each member's confirmed income: the pool is contributions and expenses minus income; a
    /// negative pool is handed out, each allocation minus the split of its magnitude.
    function compute(ICostLedger.MemberTotals[] memory t, uint256[] memory income)
        internal
        pure
        returns (int256[] memory nets)
    {
        uint256 n = t.length;
        int256 pool = 0;
        for (uint256 i = 0; i < n; ++i) {
            pool += int256(uint256(t[i].contributed) + t[i].expensesPaid) - int256(income[i]);
        }
        uint256[] memory alloc = split(pool < 0 ? uint256(-pool) : uint256(pool), t);
        nets = new int256[](n);
        for (uint256 i = 0; i < n; ++i) {
            int256 allocated = pool < 0 ? -int256(alloc[i]) : int256(alloc[i]);
            nets[i] = int256(uint256(t[i].contributed) + t[i].expensesPaid + t[i].feesReceivable)
                - int256(uint256(t[i].feesPayable)) - int256(income[i]) - allocated;
        }
    }

    /// @dev `total` split by the members' shares: floors, then one unit each to the largest remainders.
    function split(uint256 total, ICostLedger.MemberTotals[] memory t) internal pure returns (uint256[] memory alloc) {
        uint256 n = t.length;
        alloc = new uint256[](n);
        uint256[] memory rem = new uint256[](n);
        uint256 allocated = 0;
        for (uint256 i = 0; i < n; ++i) {
            alloc[i] = (total * t[i].shareBps) / 10_000;
            rem[i] = (total * t[i].shareBps) % 10_000;
            allocated += alloc[i];
        }
        bool[] memory bumped = new bool[](n);
        for (uint256 left = total - allocated; left > 0; --left) {
            uint256 best = type(uint256).max;
            for (uint256 i = 0; i < n; ++i) {
                if (!bumped[i] && (best == type(uint256).max || rem[i] > rem[best])) best = i;
            }
            bumped[best] = true;
            alloc[best] += 1;
        }
    }
}
