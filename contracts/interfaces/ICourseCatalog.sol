// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ICourseCatalog
 * @notice Shared courses offered by host members. A course keeps every published version (a recorded
 * attestation names the version it was taken under, so fees and credits never shift under it).
 *
 * Tier follows the alliance rule: course versions the evaluation committee certifies must be recognised
 * by every member; general ones are recognised at each home school's discretion. Certification belongs
 * to the versions the committee evaluated: a new version (new fee, new credits) is general until it is
 * certified in turn, so a host cannot raise the price of what home schools are obliged to accept.
 *
 * Units: `credits` are hundredths of a credit (250 = 2.5 credits); `feePerCredit` is integer minor
 * currency units (fen, cents) per whole credit.
 */
interface ICourseCatalog {
    enum CourseTier {
        General,
        Certified
    }

    enum CourseStatus {
        None,
        Active,
        Retired
    }

    struct Course {
        uint32 hostMemberId;
        uint16 latestVersion;
        CourseTier tier; // the latest version's tier (as {course} reports it; versions hold their own)
        CourseStatus status;
        bytes32 code;
    }

    struct CourseVersion {
        bytes32 metadataHash; // hash of the off-chain title and syllabus document
        uint32 credits; // hundredths of a credit
        uint32 contactHours;
        uint64 feePerCredit; // minor units per whole credit
        uint32 term; // e.g. 20261 = 2026, first term
        uint32 seats;
    }

    /// @notice No course has id `courseId`.
    error CatalogUnknownCourse(uint32 courseId);
    /// @notice Course `courseId` has no published version `version`.
    error CatalogUnknownVersion(uint32 courseId, uint16 version);
    /// @notice {publishVersion} or {retireCourse} by a key of member `callerMemberId`, which does not host
    /// the course (`hostMemberId` does).
    error CatalogNotHost(uint32 courseId, uint32 callerMemberId, uint32 hostMemberId);
    /// @notice {publishVersion} or {retireCourse} of a course that is retired.
    error CatalogCourseRetired(uint32 courseId);
    /// @notice {publishCourse} with a code the host member `hostMemberId` already uses for another course.
    error CatalogCodeTaken(uint32 hostMemberId, bytes32 code);
    /// @notice {publishCourse} with a zero course code.
    error CatalogEmptyCode();
    /// @notice A version needs credits, contact hours and seats above zero.
    error CatalogInvalidVersion(uint32 credits, uint32 contactHours, uint32 seats);
    /// @notice {setCourseTier} to the tier the version already has.
    error CatalogTierUnchanged(uint32 courseId, uint16 version, CourseTier tier);
    /// @notice {setCourseTier} without the hash of the evaluation report as its reason.
    error CatalogMissingReason();

    event CoursePublished(uint32 indexed courseId, uint32 indexed hostMemberId, bytes32 code);
    event CourseVersionPublished(uint32 indexed courseId, uint16 indexed version, CourseVersion terms);
    event CourseRetired(uint32 indexed courseId, uint32 indexed hostMemberId);
    event CourseTierChanged(
        uint32 indexed courseId, uint16 indexed version, CourseTier tier, bytes32 reasonHash, address by
    );

    /// @dev What recognition decides on for one course version (a version's host never changes).
    struct RecognitionTerms {
        uint32 hostMemberId;
        CourseTier tier;
        uint32 credits;
        uint64 feePerCredit;
    }

    /// @dev Everything anchoring decides on for one course version, read in one call.
    struct VersionTerms {
        uint32 hostMemberId;
        CourseTier tier; // of this version
        CourseStatus status; // of the course
        uint32 credits; // hundredths: the most an attestation of this version may carry
        uint64 feePerCredit;
    }

    /**
     * @notice Publishes a new shared course hosted by the caller's member, as version 1.
     * Requirements: caller is a current key of an Active member; `code` unique for that host.
     */
    function publishCourse(bytes32 code, CourseVersion calldata terms) external returns (uint32 courseId);

    /**
     * @notice Publishes the next version of a course (new term, fee, seats or syllabus).
     * Requirements: caller is a key of the Active host member; the course is not retired.
     */
    function publishVersion(uint32 courseId, CourseVersion calldata terms) external returns (uint16 version);

    /// @notice Retires a course: no new versions, no new anchoring of single attestations for it.
    function retireCourse(uint32 courseId) external;

    /**
     * @notice The evaluation committee certifies one version of a course (it must then be recognised by
     * every member) or returns it to general, giving the hash of its evaluation report as the reason.
     */
    function setCourseTier(uint32 courseId, uint16 version, CourseTier tier, bytes32 reasonHash) external;

    function course(uint32 courseId) external view returns (Course memory);
    function courseVersion(uint32 courseId, uint16 version) external view returns (CourseVersion memory);
    function courseCount() external view returns (uint32);
    function courseIdByCode(uint32 hostMemberId, bytes32 code) external view returns (uint32);

    /// @notice The tier of one version.
    function versionTier(uint32 courseId, uint16 version) external view returns (CourseTier);

    /// @notice What anchoring decides on, in one call: host, tier, status, credits and fee.
    function versionTerms(uint32 courseId, uint16 version) external view returns (VersionTerms memory);

    /**
     * @notice What a recognition decides on, read from one storage slot (recognition is the ledger's
     * hottest path): host, tier, credits and fee of a published version. Reverts {CatalogUnknownVersion}.
     */
    function recognitionTerms(uint32 courseId, uint16 version) external view returns (RecognitionTerms memory);
}
