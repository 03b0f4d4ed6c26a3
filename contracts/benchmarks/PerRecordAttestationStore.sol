// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IAllianceRegistry} from "../interfaces/IAllianceRegistry.sol";
import {ICreditLedger} from "../interfaces/ICreditLedger.sol";

/**
 * @title PerRecordAttestationStore
 * @notice Benchmark baseline only, never deployed to an alliance: the design CreditLedger avoids, in
 * which every attestation is its own storage record written by its own transaction. `npm run bench --
 * gas` measures it beside Merkle-batch anchoring in the same run.
 */
contract PerRecordAttestationStore {
    IAllianceRegistry public immutable registry;
    mapping(bytes32 recordId => ICreditLedger.Attestation record) private _records;

    /// @notice {store} by a key of member `callerMemberId` of an attestation issued by `issuerId`.
    error PerRecordStoreNotIssuer(uint32 callerMemberId, uint32 issuerId);
    /// @notice {store} of an attestation already stored as `recordId`.
    error PerRecordStoreExists(bytes32 recordId);

    event AttestationStored(bytes32 indexed recordId, uint32 indexed issuerId);

    constructor(IAllianceRegistry registry_) {
        registry = registry_;
    }

    function store(ICreditLedger.Attestation calldata a) external returns (bytes32 recordId) {
        uint32 caller = registry.requireActiveOperator(msg.sender);
        if (a.issuerId != caller) revert PerRecordStoreNotIssuer(caller, a.issuerId);
        recordId = keccak256(abi.encode(a));
        if (_records[recordId].issuerId != 0) revert PerRecordStoreExists(recordId);
        _records[recordId] = a;
        emit AttestationStored(recordId, caller);
    }
}
