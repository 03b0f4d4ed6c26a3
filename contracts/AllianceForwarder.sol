// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/**
 * @title AllianceForwarder
 * @notice OpenZeppelin's ERC-2771 forwarder, named for this alliance: a member signs an EIP-712 request
 * with its own operator key and any relayer (the gateway) submits it; the alliance contracts see the
 * member as the caller.
 */
contract AllianceForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("AllianceLedgerForwarder") {}
}
