// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title AllianceRoles
/// @notice The role identifiers held in the AllianceRegistry and checked by every alliance contract.
library AllianceRoles {
    /// @dev Opens budget periods, confirms cost entries, closes periods, registers applicants.
    bytes32 internal constant SECRETARIAT = keccak256("alliance.role.secretariat");
    /// @dev Decides admission, suspension, withdrawal and charter amendments by quorum.
    bytes32 internal constant COUNCIL = keccak256("alliance.role.council");
    /// @dev Reads everything; never writes. Listed so that Besu allowlists let auditors query nodes.
    bytes32 internal constant AUDITOR = keccak256("alliance.role.auditor");
    /// @dev Certifies and decertifies shared courses.
    bytes32 internal constant EVALUATION_COMMITTEE = keccak256("alliance.role.evaluation-committee");
}
