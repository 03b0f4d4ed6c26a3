// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IAllianceRegistry} from "./interfaces/IAllianceRegistry.sol";
import {IMemberGateways} from "./interfaces/IMemberGateways.sol";

/**
 * @title MemberGateways
 * @notice The directory of member gateways for records that flow between schools. See {IMemberGateways}.
 * @dev Append-only: an entry's window closes when the next is set, and nothing is ever deleted.
 */
contract MemberGateways is IMemberGateways, ERC2771Context {
    uint256 private constant MAX_URL_BYTES = 256;

    IAllianceRegistry public immutable registry;

    mapping(uint32 memberId => GatewayEntry[] entries) private _entries;
    mapping(bytes32 key => bool used) private _usedKeys;

    constructor(IAllianceRegistry registry_, address trustedForwarder) ERC2771Context(trustedForwarder) {
        registry = registry_;
    }

    /// @inheritdoc IMemberGateways
    function setGateway(string calldata url, bytes32 signingKey, bytes32 encryptionKey)
        external
        returns (uint256 index)
    {
        uint32 memberId = registry.requireActiveOperator(_msgSender());
        _requireHttpUrl(bytes(url));
        if (signingKey == bytes32(0) || encryptionKey == bytes32(0) || signingKey == encryptionKey) {
            revert GatewaysInvalidKey();
        }
        if (_usedKeys[signingKey]) revert GatewaysKeyReused(signingKey);
        if (_usedKeys[encryptionKey]) revert GatewaysKeyReused(encryptionKey);
        _usedKeys[signingKey] = true;
        _usedKeys[encryptionKey] = true;

        GatewayEntry[] storage entries = _entries[memberId];
        index = entries.length;
        if (index != 0) entries[index - 1].validUntilBlock = uint64(block.number);
        entries.push(GatewayEntry(url, signingKey, encryptionKey, uint64(block.number), 0));
        emit GatewaySet(memberId, index, url, signingKey, encryptionKey, _msgSender());
    }

    /// @inheritdoc IMemberGateways
    function currentGateway(uint32 memberId) external view returns (GatewayEntry memory) {
        GatewayEntry[] storage entries = _entries[memberId];
        if (entries.length == 0) revert GatewaysNoEntry(memberId);
        return entries[entries.length - 1];
    }

    /// @inheritdoc IMemberGateways
    function gatewayEntries(uint32 memberId) external view returns (GatewayEntry[] memory) {
        return _entries[memberId];
    }

    /// @inheritdoc IMemberGateways
    function signingKeyValidAt(uint32 memberId, bytes32 signingKey, uint64 blockNumber) external view returns (bool) {
        GatewayEntry[] storage entries = _entries[memberId];
        // Bounded by the member's own entries, which only its keys add.
        for (uint256 i = entries.length; i > 0; --i) {
            GatewayEntry storage e = entries[i - 1];
            if (e.signingKey != signingKey) continue;
            return e.validFromBlock <= blockNumber && (e.validUntilBlock == 0 || blockNumber < e.validUntilBlock);
        }
        return false;
    }

    function _requireHttpUrl(bytes calldata url) private pure {
        if (url.length == 0 || url.length > MAX_URL_BYTES) revert GatewaysInvalidUrl();
        bool https = url.length > 8 && bytes8(url[:8]) == "https://";
        bool http = url.length > 7 && bytes7(url[:7]) == "http://";
        if (!https && !http) revert GatewaysInvalidUrl();
    }
}
