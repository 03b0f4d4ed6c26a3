// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title LargestRemainderCheck
 * @notice Checks in one pass, without sorting, that a list of allocations is the largest-remainder
 * split of a total: each member got the floor of its exact share or, if that share has a remainder,
 * the floor plus one; and every member rounded up comes before every member rounded down in the order
 * "larger remainder first, then lower member id".
 * @dev It is enough to compare the last member rounded up with the first member rounded down in that
 * order, so the state holds just those two. That the allocations add up to the total is the caller's
 * check (CostLedger gets it from the nets summing to zero).
 */
library LargestRemainderCheck {
    struct State {
        bool anyUp;
        uint32 lastUpId;
        uint256 lastUpRemainder;
        bool anyDown;
        uint32 firstDownId;
        uint256 firstDownRemainder;
    }

    function start() internal pure returns (State memory s) {}

    /**
     * @notice Records member `id`'s `allocated` amount against its exact share `numerator / denominator`.
     * @return valid false when `allocated` is neither the floor nor (with a remainder) the floor plus one.
     */
    function record(State memory s, uint32 id, int256 allocated, uint256 numerator, uint256 denominator)
        internal
        pure
        returns (bool valid)
    {
        uint256 floor = numerator / denominator;
        uint256 remainder = numerator % denominator;
        if (allocated == int256(floor)) {
            if (!s.anyDown || _before(remainder, id, s.firstDownRemainder, s.firstDownId)) {
                (s.anyDown, s.firstDownId, s.firstDownRemainder) = (true, id, remainder);
            }
            return true;
        }
        if (remainder != 0 && allocated == int256(floor) + 1) {
            if (!s.anyUp || _before(s.lastUpRemainder, s.lastUpId, remainder, id)) {
                (s.anyUp, s.lastUpId, s.lastUpRemainder) = (true, id, remainder);
            }
            return true;
        }
        return false;
    }

    /// @return ok whether the rounding follows the order; otherwise the two members that break it.
    function isLargestRemainder(State memory s) internal pure returns (bool ok, uint32 roundedUp, uint32 roundedDown) {
        if (!s.anyUp || !s.anyDown) return (true, 0, 0);
        ok = _before(s.lastUpRemainder, s.lastUpId, s.firstDownRemainder, s.firstDownId);
        return (ok, s.lastUpId, s.firstDownId);
    }

    /// @dev Whether (remA, idA) comes strictly before (remB, idB): larger remainder first, then lower id.
    function _before(uint256 remA, uint32 idA, uint256 remB, uint32 idB) private pure returns (bool) {
        return remA > remB || (remA == remB && idA < idB);
    }
}
