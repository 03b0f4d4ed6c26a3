// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICourseCatalog} from "./interfaces/ICourseCatalog.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IAllianceRegistry} from "./interfaces/IAllianceRegistry.sol";
import {AllianceRoles} from "./libraries/AllianceRoles.sol";

/**
 * @title CourseCatalog
 * @notice Shared courses, their versions and their certification tier.
 */
contract CourseCatalog is ICourseCatalog, ERC2771Context {
    IAllianceRegistry public immutable registry;

    mapping(uint32 courseId => Course course) private _courses;
    /// @dev A version's published terms and its own tier, packed so one read serves a recognition.
    struct StoredVersion {
        bytes32 metadataHash;
        uint32 credits;
        uint32 contactHours;
        uint64 feePerCredit;
        uint32 term;
        uint32 seats;
        CourseTier tier;
        uint32 hostMemberId; // the course's, copied so a recognition reads one slot
    }

    mapping(uint32 courseId => mapping(uint16 version => StoredVersion terms)) private _versions;
    mapping(uint32 hostMemberId => mapping(bytes32 code => uint32 courseId)) private _courseIdByCode;
    uint32 private _courseCount;

    constructor(IAllianceRegistry registry_, address trustedForwarder) ERC2771Context(trustedForwarder) {
        registry = registry_;
    }

    /// @inheritdoc ICourseCatalog
    function publishCourse(bytes32 code, CourseVersion calldata terms) external returns (uint32 courseId) {
        uint32 host = registry.requireActiveOperator(_msgSender());
        if (code == bytes32(0)) revert CatalogEmptyCode();
        if (_courseIdByCode[host][code] != 0) revert CatalogCodeTaken(host, code);
        _requireValidTerms(terms);

        courseId = ++_courseCount;
        _courses[courseId] = Course({
            hostMemberId: host,
            latestVersion: 1,
            tier: CourseTier.General,
            status: CourseStatus.Active,
            code: code
        });
        _courseIdByCode[host][code] = courseId;
        _store(courseId, 1, terms);
        emit CoursePublished(courseId, host, code);
        emit CourseVersionPublished(courseId, 1, terms);
    }

    /// @inheritdoc ICourseCatalog
    function publishVersion(uint32 courseId, CourseVersion calldata terms) external returns (uint16 version) {
        Course storage c = _requireHostOfActiveCourse(courseId);
        _requireValidTerms(terms);
        version = ++c.latestVersion;
        _store(courseId, version, terms);
        emit CourseVersionPublished(courseId, version, terms);
    }

    /// @inheritdoc ICourseCatalog
    function retireCourse(uint32 courseId) external {
        Course storage c = _requireHostOfActiveCourse(courseId);
        c.status = CourseStatus.Retired;
        emit CourseRetired(courseId, c.hostMemberId);
    }

    /// @inheritdoc ICourseCatalog
    function setCourseTier(uint32 courseId, uint16 version, CourseTier tier, bytes32 reasonHash) external {
        registry.requireRole(AllianceRoles.EVALUATION_COMMITTEE, _msgSender());
        Course storage c = _requireCourse(courseId);
        StoredVersion storage v = _requireVersion(c, courseId, version);
        if (reasonHash == bytes32(0)) revert CatalogMissingReason();
        if (v.tier == tier) revert CatalogTierUnchanged(courseId, version, tier);
        v.tier = tier;
        emit CourseTierChanged(courseId, version, tier, reasonHash, _msgSender());
    }

    /// @inheritdoc ICourseCatalog
    function course(uint32 courseId) external view returns (Course memory c) {
        c = _requireCourse(courseId);
        // The course's tier is its latest version's: read there, never stored twice.
        c.tier = _versions[courseId][c.latestVersion].tier;
    }

    /// @inheritdoc ICourseCatalog
    function courseVersion(uint32 courseId, uint16 version) external view returns (CourseVersion memory) {
        StoredVersion storage v = _requireVersion(_requireCourse(courseId), courseId, version);
        return CourseVersion(v.metadataHash, v.credits, v.contactHours, v.feePerCredit, v.term, v.seats);
    }

    /// @inheritdoc ICourseCatalog
    function versionTier(uint32 courseId, uint16 version) external view returns (CourseTier) {
        return _requireVersion(_requireCourse(courseId), courseId, version).tier;
    }

    /// @inheritdoc ICourseCatalog
    function courseCount() external view returns (uint32) {
        return _courseCount;
    }

    /// @inheritdoc ICourseCatalog
    function courseIdByCode(uint32 hostMemberId, bytes32 code) external view returns (uint32) {
        return _courseIdByCode[hostMemberId][code];
    }

    /// @inheritdoc ICourseCatalog
    function versionTerms(uint32 courseId, uint16 version) external view returns (VersionTerms memory) {
        Course storage c = _requireCourse(courseId);
        StoredVersion storage v = _requireVersion(c, courseId, version);
        return VersionTerms(c.hostMemberId, v.tier, c.status, v.credits, v.feePerCredit);
    }

    /// @inheritdoc ICourseCatalog
    function recognitionTerms(uint32 courseId, uint16 version) external view returns (RecognitionTerms memory) {
        StoredVersion storage v = _versions[courseId][version];
        // Every published version has credits (see {_requireValidTerms}): zero means none was published.
        if (v.credits == 0) revert CatalogUnknownVersion(courseId, version);
        return RecognitionTerms(v.hostMemberId, v.tier, v.credits, v.feePerCredit);
    }

    function _requireVersion(Course storage c, uint32 courseId, uint16 version)
        private
        view
        returns (StoredVersion storage)
    {
        if (version == 0 || version > c.latestVersion) revert CatalogUnknownVersion(courseId, version);
        return _versions[courseId][version];
    }

    function _store(uint32 courseId, uint16 version, CourseVersion calldata t) private {
        _versions[courseId][version] = StoredVersion(
            t.metadataHash,
            t.credits,
            t.contactHours,
            t.feePerCredit,
            t.term,
            t.seats,
            CourseTier.General,
            _courses[courseId].hostMemberId
        );
    }

    function _requireCourse(uint32 courseId) private view returns (Course storage c) {
        c = _courses[courseId];
        if (c.status == CourseStatus.None) revert CatalogUnknownCourse(courseId);
    }

    function _requireHostOfActiveCourse(uint32 courseId) private view returns (Course storage c) {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        c = _requireCourse(courseId);
        if (c.hostMemberId != caller) revert CatalogNotHost(courseId, caller, c.hostMemberId);
        if (c.status == CourseStatus.Retired) revert CatalogCourseRetired(courseId);
    }

    function _requireValidTerms(CourseVersion calldata terms) private pure {
        if (terms.credits == 0 || terms.contactHours == 0 || terms.seats == 0) {
            revert CatalogInvalidVersion(terms.credits, terms.contactHours, terms.seats);
        }
    }
}
