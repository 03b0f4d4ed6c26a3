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
 * as itself, not as the gateway. Record state is a nibble per record (see the flags below), 64 records
 * to a slot, so a term of recognitions writes one slot per 64 records instead of one per record.
 */
contract CreditLedger is ICreditLedger, ERC2771Context {
    uint256 private constant CREDIT_UNITS = 100; // credits are hundredths

    uint256 private constant REVOKED = 1;
    uint256 private constant DECIDED = 2;
    uint256 private constant FEE_ACCRUED = 4;
    uint256 private constant NIBBLE = 0xF;

    IAllianceRegistry public immutable registry;
    ICourseCatalog public immutable catalog;
    ICostLedger public immutable costLedger;

    mapping(uint32 issuerId => mapping(bytes32 root => Batch batch)) private _batches;
    mapping(bytes32 batchKey => mapping(uint256 word => uint256 flags)) private _flags;
    mapping(bytes32 leaf => bytes32 replacement) private _supersededBy;

    /// @dev What one recognize call remembers between requests: most requests share a batch, a course
    /// version and a host, so each is read once.
    struct Cursor {
        uint32 homeId;
        uint32 issuerId;
        bytes32 root;
        uint32 count;
        bytes32 batchKey;
        uint256 wordIndex;
        uint256 word;
        bool wordLoaded;
        uint32 courseId;
        uint16 courseVersion;
        ICourseCatalog.RecognitionTerms terms;
        uint32[] hosts;
        uint256[] fees;
        uint256 hostCount;
        // Decisions awaiting their event: emitted once the fees' period is known.
        uint256 decided;
        bytes32[] leaves;
        bytes32[] roots;
        uint32[] issuers;
        uint256[] packed;
    }

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
    function anchorAttestation(Attestation calldata a) external returns (bytes32 leaf) {
        uint32 issuerId = registry.requireActiveOperator(_msgSender());
        leaf = _leaf(a);
        if (a.issuerId != issuerId) revert CreditLedgerNotIssuer(leaf, issuerId, a.issuerId);
        if (
            a.credits == 0 || a.index != 0 || a.homeId == issuerId || a.learnerCommitment == bytes32(0)
                || registry.memberStatus(a.homeId) != IAllianceRegistry.MemberStatus.Active
        ) revert CreditLedgerInvalidAttestation(leaf);
        ICourseCatalog.VersionTerms memory t = catalog.versionTerms(a.courseId, a.courseVersion);
        if (t.hostMemberId != issuerId) revert CreditLedgerCourseHostMismatch(a.courseId, t.hostMemberId, issuerId);
        if (t.status != ICourseCatalog.CourseStatus.Active) revert CreditLedgerCourseRetired(a.courseId);
        _requireWithinCourse(leaf, a, t.credits);
        _anchor(leaf, issuerId, 1);
    }

    function _anchor(bytes32 root, uint32 issuerId, uint32 count) private {
        if (root == bytes32(0)) revert CreditLedgerZeroRoot();
        Batch storage b = _batches[issuerId][root];
        if (b.issuerId != 0) revert CreditLedgerBatchExists(issuerId, root);
        b.issuerId = issuerId;
        b.count = count;
        b.anchoredAtBlock = uint64(block.number);
        b.anchoredAt = uint64(block.timestamp);
        emit BatchAnchored(root, issuerId, count, _msgSender());
    }

    // ================================================================== revocation

    /// @inheritdoc ICreditLedger
    function revoke(Record calldata record, uint16 reasonCode) external {
        (bytes32 leaf,) = _requireOwnRecord(record);
        _revoke(record, leaf, reasonCode);
    }

    /// @inheritdoc ICreditLedger
    function supersede(Record calldata record, Record calldata replacement, uint16 reasonCode) external {
        (bytes32 leaf, uint32 issuerId) = _requireOwnRecord(record);
        Attestation calldata r = replacement.attestation;
        bytes32 replacementLeaf = _leaf(r);
        // The replacement must be a record of the same issuer: nobody links a record to another's.
        if (r.issuerId != issuerId) revert CreditLedgerNotIssuer(replacementLeaf, issuerId, r.issuerId);
        _requireAnchored(replacement.root, r, replacementLeaf, replacement.proof);
        if (replacementLeaf == leaf) revert CreditLedgerInvalidAttestation(replacementLeaf);
        (uint256 flags,,) = _flagsOf(issuerId, replacement.root, r.index);
        if (flags & REVOKED != 0) revert CreditLedgerRevoked(replacementLeaf);
        _revoke(record, leaf, reasonCode);
        _supersededBy[leaf] = replacementLeaf;
        emit AttestationSuperseded(leaf, replacementLeaf, issuerId, replacement.root);
    }

    function _revoke(Record calldata record, bytes32 leaf, uint16 reasonCode) private {
        if (reasonCode == 0) revert CreditLedgerMissingReason();
        Attestation calldata a = record.attestation;
        (uint256 flags, bytes32 key, uint256 shift) = _flagsOf(a.issuerId, record.root, a.index);
        if (flags & REVOKED != 0) revert CreditLedgerRevoked(leaf);
        _flags[key][a.index >> 6] |= REVOKED << shift;
        emit AttestationRevoked(leaf, record.root, a.issuerId, a.index, reasonCode);
        if (flags & FEE_ACCRUED != 0) {
            // Versions are immutable: this is exactly the fee accrued at recognition.
            ICourseCatalog.RecognitionTerms memory t = catalog.recognitionTerms(a.courseId, a.courseVersion);
            uint64 fee = _fee(a.credits, t.feePerCredit);
            uint32 periodId = _reverseFee(t.hostMemberId, a.homeId, fee);
            emit RecognitionFeeReversed(leaf, a.homeId, t.hostMemberId, fee, periodId);
        }
    }

    /**
     * @dev Books the fee back, host to home school, in the open period. With no open period the revocation
     * waits for the next one (a host could otherwise keep the fee by revoking between periods). When host
     * or home school is no longer in the open period (it left the alliance) the revocation still goes
     * through and the reversal is left unbooked (period 0), for the audit to list and settle outside.
     */
    function _reverseFee(uint32 hostId, uint32 homeId, uint64 fee) private returns (uint32 periodId) {
        uint32 open = costLedger.openPeriodId();
        if (open == 0) revert ICostLedger.CostLedgerNoOpenPeriod();
        if (!costLedger.memberTotals(open, hostId).listed || !costLedger.memberTotals(open, homeId).listed) return 0;
        return costLedger.accrueCourseFee(hostId, homeId, fee);
    }

    /// @dev The caller is a current key of the record's issuer (any status), and the record is anchored.
    function _requireOwnRecord(Record calldata record) private view returns (bytes32 leaf, uint32 issuerId) {
        Attestation calldata a = record.attestation;
        leaf = _leaf(a);
        uint32 caller = registry.requireCurrentOperator(_msgSender());
        issuerId = a.issuerId;
        if (caller != issuerId) revert CreditLedgerNotIssuer(leaf, caller, issuerId);
        _requireAnchored(record.root, a, leaf, record.proof);
    }

    function _requireAnchored(bytes32 root, Attestation calldata a, bytes32 leaf, bytes32[] calldata proof)
        private
        view
    {
        Batch storage b = _requireBatch(a.issuerId, root);
        if (a.index >= b.count) revert CreditLedgerIndexOutOfRange(leaf, a.index, b.count);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert CreditLedgerInvalidProof(root, leaf);
    }

    // ================================================================== recognition

    /// @inheritdoc ICreditLedger
    function recognize(RecognitionRequest[] calldata requests) external {
        uint256 n = requests.length;
        if (n == 0) revert CreditLedgerEmptyRequest();
        Cursor memory c = _startRecognition(n);
        // Bounded by calldata the caller pays for; no loop over stored state.
        for (uint256 i = 0; i < n; ++i) {
            RecognitionRequest calldata r = requests[i];
            bytes32 leaf = _leaf(r.attestation);
            if (!MerkleProof.verifyCalldata(r.proof, r.batchRoot, leaf)) {
                revert CreditLedgerInvalidProof(r.batchRoot, leaf);
            }
            _decide(c, r.batchRoot, r.attestation, leaf, _decisionOf(r));
        }
        _finishRecognition(c);
    }

    /// @inheritdoc ICreditLedger
    function recognizeBatches(BatchRecognition[] calldata batches) external {
        uint256 n = 0;
        for (uint256 b = 0; b < batches.length; ++b) {
            BatchRecognition calldata g = batches[b];
            uint256 m = g.attestations.length;
            if (m == 0) revert CreditLedgerEmptyRequest();
            if (m != g.decisions.length) revert CreditLedgerDecisionCountMismatch(m, g.decisions.length);
            n += m;
        }
        if (n == 0) revert CreditLedgerEmptyRequest();
        Cursor memory c = _startRecognition(n);
        // Bounded by calldata the caller pays for; one multiproof per batch proves all its records at once.
        for (uint256 b = 0; b < batches.length; ++b) {
            BatchRecognition calldata g = batches[b];
            uint256 m = g.attestations.length;
            bytes32[] memory leaves = new bytes32[](m);
            for (uint256 i = 0; i < m; ++i) {
                leaves[i] = _leaf(g.attestations[i]);
            }
            if (!MerkleProof.multiProofVerifyCalldata(g.proof, g.proofFlags, g.root, leaves)) {
                revert CreditLedgerInvalidProof(g.root, leaves[0]);
            }
            for (uint256 i = 0; i < m; ++i) {
                _decide(c, g.root, g.attestations[i], leaves[i], g.decisions[i]);
            }
        }
        _finishRecognition(c);
    }

    function _decisionOf(RecognitionRequest calldata r) private pure returns (RecognitionDecision memory) {
        return
            RecognitionDecision(r.decision, r.recognisedCredits, r.localCourseRef, r.conversionRuleRef, r.rejectReason);
    }

    function _startRecognition(uint256 n) private view returns (Cursor memory c) {
        c.homeId = registry.requireActiveOperator(_msgSender());
        c.hosts = new uint32[](n);
        c.fees = new uint256[](n);
        c.leaves = new bytes32[](n);
        c.roots = new bytes32[](n);
        c.issuers = new uint32[](n);
        c.packed = new uint256[](n);
    }

    /// @dev Checks one decision, marks the record decided and sums its fee; its event is emitted by
    /// {_finishRecognition}, once the fees' period is known.
    function _decide(
        Cursor memory c,
        bytes32 root,
        Attestation calldata a,
        bytes32 leaf,
        RecognitionDecision memory d
    ) private {
        if (a.homeId != c.homeId) revert CreditLedgerNotHomeMember(leaf, c.homeId, a.homeId);
        _moveToBatch(c, a.issuerId, root);
        if (a.index >= c.count) revert CreditLedgerIndexOutOfRange(leaf, a.index, c.count);

        uint256 shift = _moveToWord(c, a.index);
        uint256 flags = (c.word >> shift) & NIBBLE;
        if (flags & REVOKED != 0) revert CreditLedgerRevoked(leaf);
        if (flags & DECIDED != 0) revert CreditLedgerAlreadyDecided(leaf);

        if (a.courseId != c.courseId || a.courseVersion != c.courseVersion) {
            c.terms = catalog.recognitionTerms(a.courseId, a.courseVersion);
            c.courseId = a.courseId;
            c.courseVersion = a.courseVersion;
        }
        ICourseCatalog.RecognitionTerms memory t = c.terms;
        if (t.hostMemberId != a.issuerId) revert CreditLedgerCourseHostMismatch(a.courseId, t.hostMemberId, a.issuerId);
        _requireWithinCourse(leaf, a, t.credits);
        _requireValidDecision(leaf, a, d, t.tier == ICourseCatalog.CourseTier.Certified);

        uint64 fee = 0;
        flags = DECIDED;
        if (d.decision != Decision.Rejected) {
            fee = _fee(a.credits, t.feePerCredit);
            if (fee != 0) {
                _addFee(c, t.hostMemberId, fee);
                flags |= FEE_ACCRUED;
            }
        }
        c.word |= flags << shift;
        if (d.decision == Decision.AcceptedWithConversion) {
            emit RecognitionConverted(leaf, d.localCourseRef, d.conversionRuleRef);
        }
        uint256 k = c.decided++;
        c.leaves[k] = leaf;
        c.roots[k] = root;
        c.issuers[k] = a.issuerId;
        c.packed[k] = uint256(a.index) | (uint256(uint8(d.decision)) << 32) | (uint256(d.recognisedCredits) << 40)
            | (uint256(d.rejectReason) << 72) | (uint256(fee) << 88);
    }

    /// @dev Stores the last state word, accrues one sum per host, then emits each decision with the
    /// fees' period (the cost ledger names it when it accrues: no separate call to ask for it).
    function _finishRecognition(Cursor memory c) private {
        _storeWord(c);
        uint32 periodId = 0;
        for (uint256 h = 0; h < c.hostCount; ++h) {
            uint256 total = c.fees[h];
            if (total > type(uint64).max) revert ICostLedger.CostLedgerAmountOverflow();
            periodId = costLedger.accrueCourseFee(c.homeId, c.hosts[h], uint64(total));
        }
        uint256 withPeriod = uint256(periodId) << 152;
        for (uint256 k = 0; k < c.decided; ++k) {
            uint256 packed = c.packed[k];
            // Only a record that bore a fee names the period it accrued in.
            if (packed >> 88 != 0) packed |= withPeriod;
            emit RecognitionDecided(c.leaves[k], c.homeId, c.issuers[k], c.roots[k], packed);
        }
    }

    /// @dev Loads the batch's count and key when the request names another batch than the last one.
    function _moveToBatch(Cursor memory c, uint32 issuerId, bytes32 root) private {
        if (root == c.root && issuerId == c.issuerId) return;
        _storeWord(c);
        c.count = _requireBatch(issuerId, root).count;
        c.issuerId = issuerId;
        c.root = root;
        c.batchKey = _batchKey(issuerId, root);
    }

    /// @dev Makes the cursor hold the flags word of `index`; returns the record's bit offset in it.
    function _moveToWord(Cursor memory c, uint32 index) private returns (uint256 shift) {
        uint256 wordIndex = index >> 6;
        if (!c.wordLoaded || wordIndex != c.wordIndex) {
            _storeWord(c);
            c.wordIndex = wordIndex;
            c.word = _flags[c.batchKey][wordIndex];
            c.wordLoaded = true;
        }
        return (uint256(index) & 63) << 2;
    }

    function _storeWord(Cursor memory c) private {
        if (!c.wordLoaded) return;
        _flags[c.batchKey][c.wordIndex] = c.word;
        c.wordLoaded = false;
    }


    function _addFee(Cursor memory c, uint32 host, uint64 fee) private pure {
        // Linear over the distinct hosts of one call: a handful in practice, bounded by the request count.
        for (uint256 h = 0; h < c.hostCount; ++h) {
            if (c.hosts[h] == host) {
                c.fees[h] += fee;
                return;
            }
        }
        c.hosts[c.hostCount] = host;
        c.fees[c.hostCount] = fee;
        ++c.hostCount;
    }

    function _requireWithinCourse(bytes32 leaf, Attestation calldata a, uint32 courseCredits) private pure {
        if (a.credits > courseCredits) revert CreditLedgerCreditsExceedCourse(leaf, a.credits, courseCredits);
    }

    function _requireValidDecision(bytes32 leaf, Attestation calldata a, RecognitionDecision memory r, bool certified)
        private
        pure
    {
        uint32 attested = a.credits;
        if (r.recognisedCredits > attested) {
            revert CreditLedgerCreditsExceedAttested(leaf, r.recognisedCredits, attested);
        }
        if (certified && r.recognisedCredits != attested) {
            revert CreditLedgerCertifiedCourseMustBeRecognised(a.courseId, leaf);
        }
        Decision d = r.decision;
        bool valid;
        if (d == Decision.Accepted) {
            valid = r.recognisedCredits == attested && attested != 0;
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
    function batch(uint32 issuerId, bytes32 root) external view returns (Batch memory) {
        return _requireBatch(issuerId, root);
    }

    /// @inheritdoc ICreditLedger
    function recordStatus(uint32 issuerId, bytes32 root, uint32 index) external view returns (RecordStatus memory) {
        (uint256 flags,,) = _flagsOf(issuerId, root, index);
        return RecordStatus(flags & REVOKED != 0, flags & DECIDED != 0, flags & FEE_ACCRUED != 0);
    }

    /// @inheritdoc ICreditLedger
    function supersededBy(bytes32 leaf) external view returns (bytes32) {
        return _supersededBy[leaf];
    }

    /// @inheritdoc ICreditLedger
    function attestationLeaf(Attestation calldata attestation) external pure returns (bytes32) {
        return _leaf(attestation);
    }

    /// @inheritdoc ICreditLedger
    function isAnchored(bytes32 root, Attestation calldata a, bytes32[] calldata proof) external view returns (bool) {
        Batch storage b = _batches[a.issuerId][root];
        return b.issuerId != 0 && a.index < b.count && MerkleProof.verifyCalldata(proof, root, _leaf(a));
    }

    // ================================================================== internals

    function _requireBatch(uint32 issuerId, bytes32 root) private view returns (Batch storage b) {
        b = _batches[issuerId][root];
        if (b.issuerId == 0) revert CreditLedgerUnknownBatch(issuerId, root);
    }

    function _flagsOf(uint32 issuerId, bytes32 root, uint32 index)
        private
        view
        returns (uint256 flags, bytes32 key, uint256 shift)
    {
        key = _batchKey(issuerId, root);
        shift = (uint256(index) & 63) << 2;
        flags = (_flags[key][index >> 6] >> shift) & NIBBLE;
    }

    function _batchKey(uint32 issuerId, bytes32 root) private pure returns (bytes32) {
        return keccak256(abi.encode(issuerId, root));
    }

    function _fee(uint32 credits, uint64 feePerCredit) private pure returns (uint64 fee) {
        // Cannot overflow: uint32 credits x uint64 fee fits in 96 bits; the quotient is checked below.
        uint256 exact = (uint256(credits) * feePerCredit) / CREDIT_UNITS;
        fee = uint64(exact);
        if (fee != exact) revert ICostLedger.CostLedgerAmountOverflow();
    }

    /// @dev StandardMerkleTree leaf: double keccak of the ABI-encoded tuple (second-preimage safe).
    function _leaf(Attestation calldata a) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(a))));
    }
}
