// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ICreditLedger
 * @notice Credit attestations anchored as Merkle roots, their revocation and correction, and their
 * recognition by the student's home school.
 *
 * An attestation is a leaf of an OpenZeppelin StandardMerkleTree over the tuple
 * `(uint32 issuerId, uint32 homeId, uint32 courseId, uint16 courseVersion, uint32 term,
 * bytes32 learnerCommitment, uint32 credits, bytes32 gradeCommitment, bytes32 completionCommitment)`,
 * i.e. `keccak256(bytes.concat(keccak256(abi.encode(attestation))))`. Only the fields the contract
 * decides on are in clear; the learner, grade and completion date enter as salted commitments, so no
 * personal data reaches the chain and a holder can disclose the grade selectively.
 *
 * Batches are keyed by their Merkle root: anchoring costs one storage slot per batch.
 */
interface ICreditLedger {
    struct Attestation {
        uint32 issuerId;
        uint32 homeId;
        uint32 courseId;
        uint16 courseVersion;
        uint32 term;
        bytes32 learnerCommitment;
        uint32 credits; // hundredths of a credit
        bytes32 gradeCommitment;
        bytes32 completionCommitment;
    }

    struct Batch {
        uint32 issuerId;
        uint32 count;
        uint64 anchoredAtBlock;
        uint64 anchoredAt; // block timestamp
    }

    enum Decision {
        None,
        Accepted,
        AcceptedWithConversion,
        Rejected
    }

    /// @dev Everything the contract keeps per attestation, in one slot. Zero until revoked or decided.
    struct LeafState {
        uint16 revocationReason; // non-zero once revoked
        uint32 revokedAtBlock;
        Decision decision;
        uint32 recognisedCredits;
        uint32 periodId; // cost period the fee accrued in
        uint32 decidedAtBlock;
        uint64 feeAccrued;
    }

    /**
     * @dev A home school's decision on one attestation. `recognisedCredits` must equal the attested
     * credits for Accepted, lie in (0, attested] for AcceptedWithConversion (which also names the local
     * course and conversion rule), and be zero for Rejected (which needs a reason code). A certified
     * course admits only Accepted, or a conversion that keeps every attested credit.
     */
    struct RecognitionRequest {
        bytes32 batchRoot;
        Attestation attestation;
        bytes32[] proof;
        Decision decision;
        uint32 recognisedCredits;
        bytes32 localCourseRef;
        bytes32 conversionRuleRef;
        uint16 rejectReason;
    }

    // ------------------------------------------------------------------ errors

    error CreditLedgerZeroRoot();
    error CreditLedgerEmptyBatch();
    error CreditLedgerBatchExists(bytes32 root);
    error CreditLedgerUnknownBatch(bytes32 root);
    error CreditLedgerInvalidProof(bytes32 root, bytes32 leaf);
    error CreditLedgerNotIssuer(bytes32 root, uint32 callerMemberId, uint32 issuerId);
    error CreditLedgerNotHomeMember(bytes32 leaf, uint32 callerMemberId, uint32 homeId);
    error CreditLedgerIssuerMismatch(bytes32 leaf, uint32 attestationIssuerId, uint32 batchIssuerId);
    error CreditLedgerCourseHostMismatch(uint32 courseId, uint32 hostMemberId, uint32 issuerId);
    error CreditLedgerInvalidAttestation(bytes32 leaf);
    error CreditLedgerRevoked(bytes32 leaf, uint16 reasonCode);
    error CreditLedgerAlreadyDecided(bytes32 leaf);
    error CreditLedgerCertifiedCourseMustBeRecognised(uint32 courseId, bytes32 leaf);
    error CreditLedgerCreditsExceedAttested(bytes32 leaf, uint32 recognisedCredits, uint32 attestedCredits);
    error CreditLedgerInvalidDecision(bytes32 leaf, Decision decision);
    error CreditLedgerMissingReason();
    error CreditLedgerEmptyRequest();

    // ------------------------------------------------------------------ events

    event BatchAnchored(bytes32 indexed root, uint32 indexed issuerId, uint32 count, address anchoredBy);
    event AttestationRevoked(bytes32 indexed leaf, bytes32 indexed root, uint32 indexed issuerId, uint16 reasonCode);
    event AttestationSuperseded(bytes32 indexed leaf, bytes32 indexed replacementLeaf, uint32 indexed issuerId);
    event RecognitionDecided(
        bytes32 indexed leaf,
        uint32 indexed homeId,
        uint32 indexed issuerId,
        bytes32 batchRoot,
        Decision decision,
        uint32 recognisedCredits,
        bytes32 localCourseRef,
        bytes32 conversionRuleRef,
        uint16 rejectReason,
        uint64 feeAccrued,
        uint32 feePeriodId
    );

    // ------------------------------------------------------------------ functions

    /**
     * @notice Anchors a batch of `count` attestations issued by the caller's member as one Merkle root.
     * The contract cannot see the leaves: each is checked when it is recognised.
     * Requirements: caller is a current key of an Active member; `root` non-zero and new; `count` > 0.
     */
    function anchorBatch(bytes32 root, uint32 count) external;

    /**
     * @notice Anchors a single attestation (a one-leaf tree: its root is its leaf), checking its fields.
     * Requirements: as {anchorBatch}; the caller's member is the issuer and hosts the course version.
     */
    function anchorAttestation(Attestation calldata attestation) external returns (bytes32 leaf);

    /**
     * @notice The issuer revokes one attestation of its batch `root` with a non-zero reason code.
     */
    function revoke(bytes32 root, bytes32 leaf, bytes32[] calldata proof, uint16 reasonCode) external;

    /**
     * @notice The issuer revokes an attestation and links the anchored attestation that replaces it.
     */
    function supersede(
        bytes32 root,
        bytes32 leaf,
        bytes32[] calldata proof,
        bytes32 replacementRoot,
        bytes32 replacementLeaf,
        bytes32[] calldata replacementProof,
        uint16 reasonCode
    ) external;

    /**
     * @notice The home school decides on attestations of its students, several per call. Each accepted
     * attestation accrues the course fee (attested credits x fee per credit, rounded down to a minor
     * unit) in the cost ledger's open period: payable by the home school, receivable by the host.
     */
    function recognize(RecognitionRequest[] calldata requests) external;

    // ------------------------------------------------------------------ views

    function batch(bytes32 root) external view returns (Batch memory);
    function leafState(bytes32 leaf) external view returns (LeafState memory);
    function supersededBy(bytes32 leaf) external view returns (bytes32);
    function isRevoked(bytes32 leaf) external view returns (bool);

    /// @notice The StandardMerkleTree leaf of an attestation.
    function attestationLeaf(Attestation calldata attestation) external pure returns (bytes32);

    /// @notice Whether `leaf` is in the anchored batch `root`.
    function isAnchored(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external view returns (bool);
}
