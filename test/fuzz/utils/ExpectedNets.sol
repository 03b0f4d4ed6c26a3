// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICostLedger} from "../../../contracts/interfaces/ICostLedger.sol";

/// @dev An independent largest-remainder computation of a period's nets from its members' totals
/// (selection by remainder, ties to the lower position, members in ascending id order).
library ExpectedNets {
    function compute(ICostLedger.MemberTotals[] memory t) internal pure returns (int256[] memory nets) {
        uint256 n = t.length;
        uint256 totalCost = 0;
        for (uint256 i = 0; i < n; ++i) totalCost += uint256(t[i].contributed) + t[i].expensesPaid;
        uint256[] memory alloc = new uint256[](n);
        uint256[] memory rem = new uint256[](n);
        uint256 allocated = 0;
        for (uint256 i = 0; i < n; ++i) {
            alloc[i] = (totalCost * t[i].shareBps) / 10_000;
            rem[i] = (totalCost * t[i].shareBps) % 10_000;
            allocated += alloc[i];
        }
        bool[] memory bumped = new bool[](n);
        for (uint256 left = totalCost - allocated; left > 0; --left) {
            uint256 best = type(uint256).max;
            for (uint256 i = 0; i < n; ++i) {
                if (!bumped[i] && (best == type(uint256).max || rem[i] > rem[best])) best = i;
            }
            bumped[best] = true;
            alloc[best] += 1;
        }
        nets = new int256[](n);
        for (uint256 i = 0; i < n; ++i) {
            nets[i] = int256(uint256(t[i].contributed) + t[i].expensesPaid + t[i].feesReceivable)
                - int256(uint256(t[i].feesPayable)) - int256(alloc[i]);
        }
    }
}
