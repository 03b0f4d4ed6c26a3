import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String, id, ZeroHash } from "ethers";
import { A, B, courseTerms, deployFixture, Tier } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);
const CODE = encodeBytes32String("AI300");
const CourseStatus = { None: 0, Active: 1, Retired: 2 } as const;

describe("CourseCatalog", () => {
  describe("publishCourse", () => {
    it("publishes a general course hosted by the caller's member, as version 1", async () => {
      const { catalog, opA } = await networkHelpers.loadFixture(fixture);
      const terms = courseTerms({ credits: 250, feePerCredit: 12_000n });
      await expect(catalog.connect(opA).publishCourse(CODE, terms))
        .to.emit(catalog, "CoursePublished")
        .withArgs(3, A, CODE)
        .and.to.emit(catalog, "CourseVersionPublished");
      const c = await catalog.course(3);
      expect(c.hostMemberId).to.equal(A);
      expect(c.tier).to.equal(Tier.General);
      expect(c.latestVersion).to.equal(1);
      expect((await catalog.courseVersion(3, 1)).credits).to.equal(250);
      expect(await catalog.courseIdByCode(A, CODE)).to.equal(3);
      expect(await catalog.courseCount()).to.equal(3);
    });

    it("refuses a code the host already uses, and an empty code", async () => {
      const { catalog, opA } = await networkHelpers.loadFixture(fixture);
      await expect(catalog.connect(opA).publishCourse(encodeBytes32String("CS101"), courseTerms()))
        .to.be.revertedWithCustomError(catalog, "CatalogCodeTaken")
        .withArgs(A, encodeBytes32String("CS101"));
      await expect(catalog.connect(opA).publishCourse(ZeroHash, courseTerms())).to.be.revertedWithCustomError(
        catalog,
        "CatalogEmptyCode",
      );
    });

    it("lets another host use the same code", async () => {
      const { catalog, opB } = await networkHelpers.loadFixture(fixture);
      await catalog.connect(opB).publishCourse(encodeBytes32String("CS101"), courseTerms());
      expect(await catalog.courseIdByCode(B, encodeBytes32String("CS101"))).to.equal(3);
    });

    it("refuses zero credits, hours or seats", async () => {
      const { catalog, opA } = await networkHelpers.loadFixture(fixture);
      await expect(catalog.connect(opA).publishCourse(CODE, courseTerms({ credits: 0 })))
        .to.be.revertedWithCustomError(catalog, "CatalogInvalidVersion")
        .withArgs(0, 48, 60);
      await expect(catalog.connect(opA).publishCourse(CODE, { ...courseTerms(), contactHours: 0 }))
        .to.be.revertedWithCustomError(catalog, "CatalogInvalidVersion")
        .withArgs(300, 0, 60);
      await expect(catalog.connect(opA).publishCourse(CODE, courseTerms({ seats: 0 })))
        .to.be.revertedWithCustomError(catalog, "CatalogInvalidVersion")
        .withArgs(300, 48, 0);
    });
  });

  describe("publishVersion", () => {
    it("adds a version and keeps the earlier one readable", async () => {
      const { catalog, opA, generalCourse } = await networkHelpers.loadFixture(fixture);
      await expect(catalog.connect(opA).publishVersion(generalCourse, courseTerms({ feePerCredit: 6_000n })))
        .to.emit(catalog, "CourseVersionPublished")
        .withArgs(generalCourse, 2, (terms: { feePerCredit: bigint }) => terms.feePerCredit === 6_000n);
      expect((await catalog.courseVersion(generalCourse, 1)).feePerCredit).to.equal(5_000n);
      expect((await catalog.courseVersion(generalCourse, 2)).feePerCredit).to.equal(6_000n);
      const terms = await catalog.versionTerms(generalCourse, 2);
      expect([terms.hostMemberId, terms.tier, terms.status, terms.credits, terms.feePerCredit]).to.deep.equal([
        BigInt(A),
        BigInt(Tier.General),
        BigInt(CourseStatus.Active),
        300n,
        6_000n,
      ]);
    });

    it("refuses an unknown course and an unknown version", async () => {
      const { catalog, opA, generalCourse } = await networkHelpers.loadFixture(fixture);
      await expect(catalog.connect(opA).publishVersion(9, courseTerms()))
        .to.be.revertedWithCustomError(catalog, "CatalogUnknownCourse")
        .withArgs(9);
      await expect(catalog.courseVersion(generalCourse, 2))
        .to.be.revertedWithCustomError(catalog, "CatalogUnknownVersion")
        .withArgs(generalCourse, 2);
      await expect(catalog.versionTerms(generalCourse, 0))
        .to.be.revertedWithCustomError(catalog, "CatalogUnknownVersion")
        .withArgs(generalCourse, 0);
      // The one-slot read recognition uses refuses the same: no version 0, none past the latest, no course 9.
      for (const [courseId, version] of [
        [generalCourse, 0],
        [generalCourse, 2],
        [9, 1],
      ]) {
        await expect(catalog.recognitionTerms(courseId, version))
          .to.be.revertedWithCustomError(catalog, "CatalogUnknownVersion")
          .withArgs(courseId, version);
      }
      const terms = await catalog.recognitionTerms(generalCourse, 1);
      expect([terms.hostMemberId, terms.credits, terms.feePerCredit]).to.deep.equal([BigInt(A), 300n, 5_000n]);
      await expect(catalog.versionTier(generalCourse, 2))
        .to.be.revertedWithCustomError(catalog, "CatalogUnknownVersion")
        .withArgs(generalCourse, 2);
    });
  });

  describe("retireCourse", () => {
    it("retires a course, which then takes no new version", async () => {
      const { catalog, opA, generalCourse } = await networkHelpers.loadFixture(fixture);
      await expect(catalog.connect(opA).retireCourse(generalCourse))
        .to.emit(catalog, "CourseRetired")
        .withArgs(generalCourse, A);
      expect((await catalog.versionTerms(generalCourse, 1)).status).to.equal(CourseStatus.Retired);
      await expect(catalog.connect(opA).publishVersion(generalCourse, courseTerms()))
        .to.be.revertedWithCustomError(catalog, "CatalogCourseRetired")
        .withArgs(generalCourse);
      await expect(catalog.connect(opA).retireCourse(generalCourse)).to.be.revertedWithCustomError(
        catalog,
        "CatalogCourseRetired",
      );
    });
  });

  describe("setCourseTier", () => {
    it("certifies and decertifies one version with a reason", async () => {
      const { catalog, committee, generalCourse } = await networkHelpers.loadFixture(fixture);
      await expect(catalog.connect(committee).setCourseTier(generalCourse, 1, Tier.Certified, id("report")))
        .to.emit(catalog, "CourseTierChanged")
        .withArgs(generalCourse, 1, Tier.Certified, id("report"), committee.address);
      expect((await catalog.course(generalCourse)).tier).to.equal(Tier.Certified);
      expect(await catalog.versionTier(generalCourse, 1)).to.equal(Tier.Certified);
      expect((await catalog.versionTerms(generalCourse, 1)).tier).to.equal(Tier.Certified);
      await catalog.connect(committee).setCourseTier(generalCourse, 1, Tier.General, id("re-evaluation"));
      expect((await catalog.course(generalCourse)).tier).to.equal(Tier.General);
      expect(await catalog.versionTier(generalCourse, 1)).to.equal(Tier.General);
    });

    it("makes a new version general until the committee certifies it, leaving the certified one certified", async () => {
      const { catalog, committee, opB, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      await catalog.connect(opB).publishVersion(certifiedCourse, courseTerms({ credits: 250, feePerCredit: 20_000n }));
      expect((await catalog.course(certifiedCourse)).tier).to.equal(Tier.General);
      expect(await catalog.versionTier(certifiedCourse, 1)).to.equal(Tier.Certified);
      expect(await catalog.versionTier(certifiedCourse, 2)).to.equal(Tier.General);
      await catalog.connect(committee).setCourseTier(certifiedCourse, 2, Tier.Certified, id("report v2"));
      expect((await catalog.course(certifiedCourse)).tier).to.equal(Tier.Certified);
      // Decertifying an earlier version leaves the latest version's tier, which the course shows.
      await catalog.connect(committee).setCourseTier(certifiedCourse, 1, Tier.General, id("v1 withdrawn"));
      expect((await catalog.course(certifiedCourse)).tier).to.equal(Tier.Certified);
      expect(await catalog.versionTier(certifiedCourse, 1)).to.equal(Tier.General);
    });

    it("refuses a missing reason, an unchanged tier, an unknown course and an unknown version", async () => {
      const { catalog, committee, generalCourse, certifiedCourse } = await networkHelpers.loadFixture(fixture);
      await expect(
        catalog.connect(committee).setCourseTier(generalCourse, 1, Tier.Certified, ZeroHash),
      ).to.be.revertedWithCustomError(catalog, "CatalogMissingReason");
      await expect(catalog.connect(committee).setCourseTier(certifiedCourse, 1, Tier.Certified, id("again")))
        .to.be.revertedWithCustomError(catalog, "CatalogTierUnchanged")
        .withArgs(certifiedCourse, 1, Tier.Certified);
      await expect(catalog.connect(committee).setCourseTier(42, 1, Tier.Certified, id("r")))
        .to.be.revertedWithCustomError(catalog, "CatalogUnknownCourse")
        .withArgs(42);
      await expect(catalog.connect(committee).setCourseTier(generalCourse, 2, Tier.Certified, id("r")))
        .to.be.revertedWithCustomError(catalog, "CatalogUnknownVersion")
        .withArgs(generalCourse, 2);
    });
  });
});
