import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { publishCourse } from "./publishCourse.js";
import { publishCourseVersion } from "./publishCourseVersion.js";
import { CourseTier, setCourseTier } from "./setCourseTier.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

const terms = {
  metadata: "Data Structures",
  credits: 300,
  contactHours: 48,
  feePerCredit: 5_000n,
  term: 20261,
  seats: 60,
};

describe("setCourseTier", () => {
  it("certifies the latest version by default; a later version is general until certified", async () => {
    const { courseId } = await publishCourse(alliance.members[0], { code: "CS101", terms });
    const set = await setCourseTier(alliance.secretariat, {
      courseId,
      tier: CourseTier.Certified,
      reasonHash: id("evaluation"),
    });
    expect(set.version).toBe(1);
    expect(await alliance.reader.catalog.versionTier(courseId, 1)).toBe(1n);
    await publishCourseVersion(alliance.members[0], { courseId, terms });
    expect(await alliance.reader.catalog.versionTier(courseId, 2)).toBe(0n);
  });

  it("is refused an unchanged tier, an unknown course and a key without the committee role", async () => {
    const reasonHash = id("evaluation");
    await expect(
      setCourseTier(alliance.secretariat, { courseId: 1, version: 1, tier: CourseTier.Certified, reasonHash }),
    ).rejects.toBeInstanceOf(contractErrors.CatalogTierUnchanged);
    await expect(
      setCourseTier(alliance.secretariat, { courseId: 9, tier: CourseTier.Certified, reasonHash }),
    ).rejects.toBeInstanceOf(contractErrors.CatalogUnknownCourse);
    await expect(
      setCourseTier(alliance.members[0], { courseId: 1, version: 2, tier: CourseTier.Certified, reasonHash }),
    ).rejects.toBeInstanceOf(contractErrors.RegistryMissingRole);
  });
});
