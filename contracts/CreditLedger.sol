// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICreditLedger} from "./interfaces/ICreditLedger.sol";
import {IAllianceRegistry} from "./interfaces/IAllianceRegistry.sol";
import {ICourseCatalog} from "./interfaces/ICourseCatalog.sol";
import {ICostLedger} from "./interfaces/ICostLedger.sol";

/**
 * @title CreditLedger
 * @notice Anchors credit attestations as Merkle roots, revokes and supersedes them, and records the home
 * school's recognition decisions, accruing course-sharing fees into the cost ledger.
 * @dev Callers are resolved with ERC-2771 so a member signing through the gateway's forwarder is seen
 * as itself, not as the gateway.
 */
contract CreditLedger is ICreditLedger, ERC2771Context {
    uint256 private constant CREDIT_UNITS = 100; // credits are hundredths

    IAllianceRegistry public immutable registry;
    ICourseCatalog public immutable catalog;
    ICostLedger public immutable costLedger;

    mapping(bytes32 root => Batch batch) private _batches;
    mapping(bytes32 leaf => LeafState state) private _leaves;
    mapping(bytes32 leaf => bytes32 replacement) private _supersededBy;

    constructor(IAllianceRegistry registry_, ICourseCatalog catalog_, ICostLedger costLedger_, address trustedForwarder)
        ERC2771Context(trustedForwarder)
    {
        registry = registry_;
        catalog = catalog_;
        costLedger = costLedger_;
    }

    // ================================================================== anchoring

    /// @inheritdoc ICreditLedger
    function anchorBatch(bytes32 root, uint32 count) external {
        uint32 issuerId = registry.requireActiveOperator(_msgSender());
        if (count == 0) revert CreditLedgerEmptyBatch();
        _anchor(root, issuerId, count);
    }

    /// @inheritdoc ICreditLedger
    function anchorAttestation(Attestation calldata attestation) external returns (bytes32 leaf) {
        uint32 issuerId = registry.requireActiveOperator(_msgSender());
        leaf = _leaf(attestation);
        if (attestation.issuerId != issuerId) revert CreditLedgerNotIssuer(leaf, issuerId, attestation.issuerId);
        if (attestation.credits == 0 || attestation.homeId == 0 || attestation.learnerCommitment == bytes32(0)) {
            revert CreditLedgerInvalidAttestation(leaf);
        }
        (uint32 host,,) = catalog.recognitionTerms(attestation.courseId, attestation.courseVersion);
        if (host != issuerId) revert CreditLedgerCourseHostMismatch(attestation.courseId, host, issuerId);
        _anchor(leaf, issuerId, 1);
    }

    function _anchor(bytes32 root, uint32 issuerId, uint32 count) private {
        if (root == bytes32(0)) revert CreditLedgerZeroRoot();
        if (_batches[root].issuerId != 0) revert CreditLedgerBatchExists(root);
        _batches[root] = Batch({
            issuerId: issuerId,
            count: count,
            anchoredAtBlock: uint64(block.number),
            anchoredAt: uint64(block.timestamp)
        });
        emit BatchAnchored(root, issuerId, count, _msgSender());
    }

    // ================================================================== revocation

    /// @inheritdoc ICreditLedger
    function revoke(bytes32 root, bytes32 leaf, bytes32[] calldata proof, uint16 reasonCode) external {
        uint32 issuerId = _requireIssuerOf(root, leaf, proof);
        _revoke(root, leaf, issuerId, reasonCode);
    }

    /// @inheritdoc ICreditLedger
    function supersede(
        bytes32 root,
        bytes32 leaf,
        bytes32[] calldata proof,
        bytes32 replacementRoot,
        bytes32 replacementLeaf,
        bytes32[] calldata replacementProof,
        uint16 reasonCode
    ) external {
        uint32 issuerId = _requireIssuerOf(root, leaf, proof);
        // The same caller proves the replacement is in one of its own batches.
        _requireIssuerOf(replacementRoot, replacementLeaf, replacementProof);
        if (replacementLeaf == leaf) revert CreditLedgerInvalidAttestation(replacementLeaf);
        uint16 replacementRevoked = _leaves[replacementLeaf].revocationReason;
        if (replacementRevoked != 0) revert CreditLedgerRevoked(replacementLeaf, replacementRevoked);
        _revoke(root, leaf, issuerId, reasonCode);
        _supersededBy[leaf] = replacementLeaf;
        emit AttestationSuperseded(leaf, replacementLeaf, issuerId);
    }

    function _revoke(bytes32 root, bytes32 leaf, uint32 issuerId, uint16 reasonCode) private {
        if (reasonCode == 0) revert CreditLedgerMissingReason();
        LeafState storage s = _leaves[leaf];
        if (s.revocationReason != 0) revert CreditLedgerRevoked(leaf, s.revocationReason);
        s.revocationReason = reasonCode;
        s.revokedAtBlock = uint32(block.number);
        emit AttestationRevoked(leaf, root, issuerId, reasonCode);
    }

    /// @dev The caller must act for the batch's issuer, and `leaf` must be in the batch.
    function _requireIssuerOf(bytes32 root, bytes32 leaf, bytes32[] calldata proof) private view returns (uint32) {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        uint32 issuerId = _requireBatch(root).issuerId;
        if (caller != issuerId) revert CreditLedgerNotIssuer(root, caller, issuerId);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert CreditLedgerInvalidProof(root, leaf);
        return issuerId;
    }

    // ================================================================== recognition

    /// @inheritdoc ICreditLedger
    function recognize(RecognitionRequest[] calldata requests) external {
        if (requests.length == 0) revert CreditLedgerEmptyRequest();
        uint32 homeId = registry.requireActiveOperator(_msgSender());
        // Bounded by calldata the caller pays for; one decision per request, no loop over stored state.
        for (uint256 i = 0; i < requests.length; ++i) {
            _recognize(homeId, requests[i]);
        }
    }

    function _recognize(uint32 homeId, RecognitionRequest calldata r) private {
        Attestation calldata a = r.attestation;
        bytes32 leaf = _leaf(a);
        if (a.homeId != homeId) revert CreditLedgerNotHomeMember(leaf, homeId, a.homeId);
        uint32 batchIssuer = _requireBatch(r.batchRoot).issuerId;
        if (a.issuerId != batchIssuer) revert CreditLedgerIssuerMismatch(leaf, a.issuerId, batchIssuer);
        if (!MerkleProof.verifyCalldata(r.proof, r.batchRoot, leaf)) revert CreditLedgerInvalidProof(r.batchRoot, leaf);

        LeafState storage s = _leaves[leaf];
        if (s.revocationReason != 0) revert CreditLedgerRevoked(leaf, s.revocationReason);
        if (s.decision != Decision.None) revert CreditLedgerAlreadyDecided(leaf);

        (uint32 host, ICourseCatalog.CourseTier tier, uint64 feePerCredit) =
            catalog.recognitionTerms(a.courseId, a.courseVersion);
        if (host != a.issuerId) revert CreditLedgerCourseHostMismatch(a.courseId, host, a.issuerId);
        _requireValidDecision(leaf, r, tier == ICourseCatalog.CourseTier.Certified);

        uint64 fee = 0;
        uint32 periodId = 0;
        if (r.decision != Decision.Rejected) {
            // Cannot overflow: uint32 credits x uint64 fee fits in 96 bits; the quotient is checked below.
            uint256 exactFee = (uint256(a.credits) * feePerCredit) / CREDIT_UNITS;
            fee = uint64(exactFee);
            if (fee != exactFee) revert ICostLedger.CostLedgerAmountOverflow();
            periodId = costLedger.accrueCourseFee(homeId, host, fee);
        }
        s.decision = r.decision;
        s.recognisedCredits = r.recognisedCredits;
        s.periodId = periodId;
        s.decidedAtBlock = uint32(block.number);
        s.feeAccrued = fee;
        _emitDecision(leaf, homeId, r, fee, periodId);
    }

    function _emitDecision(bytes32 leaf, uint32 homeId, RecognitionRequest calldata r, uint64 fee, uint32 periodId)
        private
    {
        emit RecognitionDecided(
            leaf,
            homeId,
            r.attestation.issuerId,
            r.batchRoot,
            r.decision,
            r.recognisedCredits,
            r.localCourseRef,
            r.conversionRuleRef,
            r.rejectReason,
            fee,
            periodId
        );
    }

    function _requireValidDecision(bytes32 leaf, RecognitionRequest calldata r, bool certified) private pure {
        uint32 attested = r.attestation.credits;
        if (r.recognisedCredits > attested) {
            revert CreditLedgerCreditsExceedAttested(leaf, r.recognisedCredits, attested);
        }
        if (certified && r.recognisedCredits != attested) {
            revert CreditLedgerCertifiedCourseMustBeRecognised(r.attestation.courseId, leaf);
        }
        Decision d = r.decision;
        bool valid;
        if (d == Decision.Accepted) {
            valid = r.recognisedCredits == attested;
        } else if (d == Decision.AcceptedWithConversion) {
            valid = r.recognisedCredits != 0 && r.localCourseRef != bytes32(0) && r.conversionRuleRef != bytes32(0);
        } else if (d == Decision.Rejected) {
            valid = r.recognisedCredits == 0; // unreachable for a certified course: refused above
            if (valid && r.rejectReason == 0) revert CreditLedgerMissingReason();
        }
        if (!valid) revert CreditLedgerInvalidDecision(leaf, d);
    }

    // ================================================================== views

    /// @inheritdoc ICreditLedger
    function batch(bytes32 root) external view returns (Batch memory) {
        return _requireBatch(root);
    }

    /// @inheritdoc ICreditLedger
    function leafState(bytes32 leaf) external view returns (LeafState memory) {
        return _leaves[leaf];
    }

    /// @inheritdoc ICreditLedger
    function supersededBy(bytes32 leaf) external view returns (bytes32) {
        return _supersededBy[leaf];
    }

    /// @inheritdoc ICreditLedger
    function isRevoked(bytes32 leaf) external view returns (bool) {
        return _leaves[leaf].revocationReason != 0;
    }

    /// @inheritdoc ICreditLedger
    function attestationLeaf(Attestation calldata attestation) external pure returns (bytes32) {
        return _leaf(attestation);
    }

    /// @inheritdoc ICreditLedger
    function isAnchored(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        return _batches[root].issuerId != 0 && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    // ================================================================== internals

    function _requireBatch(bytes32 root) private view returns (Batch storage b) {
        b = _batches[root];
        if (b.issuerId == 0) revert CreditLedgerUnknownBatch(root);
    }

    /// @dev StandardMerkleTree leaf: double keccak of the ABI-encoded tuple (second-preimage safe).
    function _leaf(Attestation calldata a) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(a))));
    }
}
