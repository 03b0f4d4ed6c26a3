// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ICreditLedger
 * @notice Credit attestations anchored as Merkle roots, their revocation and correction, and their
 * recognition by the student's home school.
 *
 * An attestation is a leaf of an OpenZeppelin StandardMerkleTree over the tuple
 * `(uint32 issuerId, uint32 homeId, uint32 courseId, uint16 courseVersion, uint32 term, uint32 index,
 * bytes32 learnerCommitment, uint32 credits, bytes32 gradeCommitment, bytes32 completionCommitment)`,
 * i.e. `keccak256(bytes.concat(keccak256(abi.encode(attestation))))` (docs/credential-format.md). Only
 * the fields the contract decides on are in clear; the learner, grade and completion date enter as
 * salted commitments, so no personal data reaches the chain and a holder can disclose the grade
 * selectively.
 *
 * Every record belongs to its issuer. A batch is keyed by (issuer, root), so nobody can take another
 * member's root first; a record's state lives at (issuer, root, index), where `index` is bound into the
 * leaf and must be below the batch's count; and only a key of the issuer named in the leaf may revoke or
 * supersede it. Record state is four bits per record, 64 records to a storage slot.
 */
interface ICreditLedger {
    struct Attestation {
        uint32 issuerId;
        uint32 homeId;
        uint32 courseId;
        uint16 courseVersion;
        uint32 term;
        uint32 index; // position in its batch, 0 <= index < count
        bytes32 learnerCommitment;
        uint32 credits; // hundredths of a credit
        bytes32 gradeCommitment;
        bytes32 completionCommitment;
    }

    struct Batch {
        uint32 issuerId; // zero if no such batch
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

    /// @dev A record: its batch root, its fields and its Merkle proof.
    struct Record {
        bytes32 root;
        Attestation attestation;
        bytes32[] proof;
    }

    /// @dev What the contract keeps per record; details live in the events.
    struct RecordStatus {
        bool revoked;
        bool decided;
        bool feeAccrued; // an accepted decision's fee is accrued (and is reversed if the record is revoked)
    }

    /**
     * @dev A home school's decision on one attestation. `recognisedCredits` must equal the attested
     * credits for Accepted, lie in (0, attested] for AcceptedWithConversion (which also names the local
     * course and conversion rule), and be zero for Rejected (which needs a reason code). A certified
     * course version admits only Accepted, or a conversion that keeps every attested credit.
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

    /// @dev A decision without its record, as {recognizeBatches} takes it (fields as in {RecognitionRequest}).
    struct RecognitionDecision {
        Decision decision;
        uint32 recognisedCredits;
        bytes32 localCourseRef;
        bytes32 conversionRuleRef;
        uint16 rejectReason;
    }

    /**
     * @dev Decisions on several records of one batch, proven together by one OpenZeppelin multiproof:
     * `attestations` in the order of the multiproof's leaves (`StandardMerkleTree.getMultiProof`), one
     * decision per attestation.
     */
    struct BatchRecognition {
        bytes32 root;
        Attestation[] attestations;
        RecognitionDecision[] decisions;
        bytes32[] proof;
        bool[] proofFlags;
    }

    // ------------------------------------------------------------------ errors

    /// @notice {anchorBatch} with a root of zero.
    error CreditLedgerZeroRoot();
    /// @notice {anchorBatch} with a count of zero.
    error CreditLedgerEmptyBatch();
    /// @notice Member `issuerId` has already anchored `root` (a batch, or a single attestation's leaf).
    error CreditLedgerBatchExists(uint32 issuerId, bytes32 root);
    /// @notice Member `issuerId` has anchored no batch with root `root`.
    error CreditLedgerUnknownBatch(uint32 issuerId, bytes32 root);
    /// @notice The Merkle proof (or a batch's multiproof, then for its first leaf) does not prove `leaf` in
    /// the tree of `root`.
    error CreditLedgerInvalidProof(bytes32 root, bytes32 leaf);
    /// @notice The record's index is not below its batch's count.
    error CreditLedgerIndexOutOfRange(bytes32 leaf, uint32 index, uint32 count);
    /// @notice The caller's member `callerMemberId` is not the record's issuer `issuerId`: only the issuer
    /// anchors, revokes or supersedes its records, and a replacement must be the issuer's own.
    error CreditLedgerNotIssuer(bytes32 leaf, uint32 callerMemberId, uint32 issuerId);
    /// @notice A recognition by member `callerMemberId` of a record whose home school is `homeId`: only the
    /// student's home school decides.
    error CreditLedgerNotHomeMember(bytes32 leaf, uint32 callerMemberId, uint32 homeId);
    /// @notice The record's issuer `issuerId` does not host course `courseId` (`hostMemberId` does): a member
    /// attests only its own courses.
    error CreditLedgerCourseHostMismatch(uint32 courseId, uint32 hostMemberId, uint32 issuerId);
    /// @notice {anchorAttestation} for a retired course (batches anchored before stay recognisable).
    error CreditLedgerCourseRetired(uint32 courseId);
    /// @notice The attestation carries more credits than its course version awards.
    error CreditLedgerCreditsExceedCourse(bytes32 leaf, uint32 attestedCredits, uint32 courseCredits);
    /// @notice {anchorAttestation} of an attestation with zero credits, a non-zero index, no learner
    /// commitment, or a home school that is the issuer itself or not an Active member; or {supersede} with
    /// the record as its own replacement.
    error CreditLedgerInvalidAttestation(bytes32 leaf);
    /// @notice The record is revoked: it cannot be revoked again, recognised, or serve as a replacement.
    error CreditLedgerRevoked(bytes32 leaf);
    /// @notice The home school has already decided on this record (in an earlier call or earlier in this
    /// one); a decision is final.
    error CreditLedgerAlreadyDecided(bytes32 leaf);
    /// @notice A decision on a certified course version that does not recognise every attested credit
    /// (rejection included): certified courses must be recognised.
    error CreditLedgerCertifiedCourseMustBeRecognised(uint32 courseId, bytes32 leaf);
    /// @notice A decision recognising more credits than the attestation carries.
    error CreditLedgerCreditsExceedAttested(bytes32 leaf, uint32 recognisedCredits, uint32 attestedCredits);
    /// @notice A decision whose fields do not fit it: Accepted must recognise every attested credit,
    /// AcceptedWithConversion some credits and name the local course and conversion rule, Rejected no
    /// credits; `None` is never valid.
    error CreditLedgerInvalidDecision(bytes32 leaf, Decision decision);
    /// @notice A revocation, or a rejection, with a reason code of zero.
    error CreditLedgerMissingReason();
    /// @notice {recognize} or {recognizeBatches} with no records, or a batch group without attestations.
    error CreditLedgerEmptyRequest();
    /// @notice A {recognizeBatches} group with `attestations` attestations but `decisions` decisions.
    error CreditLedgerDecisionCountMismatch(uint256 attestations, uint256 decisions);

    // ------------------------------------------------------------------ events

    event BatchAnchored(bytes32 indexed root, uint32 indexed issuerId, uint32 count, address anchoredBy);
    event AttestationRevoked(
        bytes32 indexed leaf, bytes32 indexed root, uint32 indexed issuerId, uint32 index, uint16 reasonCode
    );
    event AttestationSuperseded(
        bytes32 indexed leaf, bytes32 indexed replacementLeaf, uint32 indexed issuerId, bytes32 replacementRoot
    );
    /**
     * @dev One decision. The small fields share one word, because log data costs gas per byte and a term
     * brings thousands of decisions: `packed` holds, from the lowest bit, index (32 bits), decision (8),
     * recognisedCredits (32), rejectReason (16), feeAccrued (64) and feePeriodId (32; zero when no fee).
     * The SDK's `unpackRecognition` reads it. A conversion's references are in {RecognitionConverted},
     * emitted earlier in the same transaction (every decision is emitted once the fees have accrued).
     */
    event RecognitionDecided(
        bytes32 indexed leaf, uint32 indexed homeId, uint32 indexed issuerId, bytes32 batchRoot, uint256 packed
    );
    event RecognitionConverted(bytes32 indexed leaf, bytes32 localCourseRef, bytes32 conversionRuleRef);
    /// @dev A recognised record was revoked: its fee flows back, host to home school, in the open period
    /// `periodId`. Period 0: host or home school has left the alliance, so the reversal is not booked on the
    /// ledger and must be settled outside it (the audit lists it).
    event RecognitionFeeReversed(
        bytes32 indexed leaf, uint32 indexed homeId, uint32 indexed hostId, uint64 fee, uint32 periodId
    );

    // ------------------------------------------------------------------ functions

    /**
     * @notice Anchors a batch of `count` attestations issued by the caller's member as one Merkle root.
     * The contract cannot see the leaves: each is checked when it is recognised.
     * Requirements: caller is a current key of an Active member; `root` non-zero and not yet anchored by
     * that member; `count` > 0.
     */
    function anchorBatch(bytes32 root, uint32 count) external;

    /**
     * @notice Anchors a single attestation (a one-leaf tree: its root is its leaf, its index 0),
     * checking its fields against the catalogue.
     * Requirements: as {anchorBatch}; the caller's member is the issuer and hosts the course, which is not
     * retired; credits within the version's; the home school is another Active member.
     */
    function anchorAttestation(Attestation calldata attestation) external returns (bytes32 leaf);

    /**
     * @notice The issuer revokes one of its records with a non-zero reason code. If the home school had
     * recognised it, the fee accrued then flows back in the open period ({RecognitionFeeReversed}).
     * Requirements: caller is a current key of the record's issuer (whatever the issuer's status, so a
     * suspended or withdrawn member can still withdraw a wrong record).
     */
    function revoke(Record calldata record, uint16 reasonCode) external;

    /**
     * @notice The issuer revokes a record and links the anchored record of its own that replaces it.
     */
    function supersede(Record calldata record, Record calldata replacement, uint16 reasonCode) external;

    /**
     * @notice The home school decides on attestations of its students, several per call. Each accepted
     * attestation accrues the course fee (attested credits x fee per credit, rounded down to a minor
     * unit) in the cost ledger's open period: payable by the home school, receivable by the host.
     */
    function recognize(RecognitionRequest[] calldata requests) external;

    /**
     * @notice As {recognize}, for many records of the same batches: each batch's records are proven by
     * one multiproof and its root is sent once, which is what makes a term's decisions cheap.
     */
    function recognizeBatches(BatchRecognition[] calldata batches) external;

    // ------------------------------------------------------------------ views

    function batch(uint32 issuerId, bytes32 root) external view returns (Batch memory);
    function recordStatus(uint32 issuerId, bytes32 root, uint32 index) external view returns (RecordStatus memory);
    function supersededBy(bytes32 leaf) external view returns (bytes32);

    /// @notice The StandardMerkleTree leaf of an attestation.
    function attestationLeaf(Attestation calldata attestation) external pure returns (bytes32);

    /// @notice Whether the attestation is a record of its issuer's anchored batch `root`.
    function isAnchored(bytes32 root, Attestation calldata attestation, bytes32[] calldata proof)
        external
        view
        returns (bool);
}
