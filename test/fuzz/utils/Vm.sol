// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @dev The few Foundry-compatible cheatcodes these tests use, which Hardhat 3's Solidity test runner
/// provides. forge-std is not on the npm registry in an official build, so it is not a dependency.
interface Vm {
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function assume(bool condition) external pure;
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
}

Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

/// @dev Assertion helpers: a failed check reverts, which fails the test.
library Assert {
    error AssertionFailed(string what, uint256 actual, uint256 expected);

    function eq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual, expected);
    }

    function isTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what, 0, 1);
    }
}
