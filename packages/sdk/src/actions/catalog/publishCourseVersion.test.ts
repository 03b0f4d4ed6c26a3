import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { publishCourse } from "./publishCourse.js";
import { publishCourseVersion } from "./publishCourseVersion.js";

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

describe("publishCourseVersion", () => {
  it("publishes the next version with its own terms", async () => {
    const { courseId } = await publishCourse(alliance.members[0], { code: "CS101", terms });
    const { version } = await publishCourseVersion(alliance.members[0], {
      courseId,
      terms: { ...terms, term: 20262, seats: 80 },
    });
    expect(version).toBe(2);
    expect((await alliance.reader.catalog.course(courseId)).latestVersion).toBe(2n);
    expect((await alliance.reader.catalog.courseVersion(courseId, 2)).seats).toBe(80n);
  });

  it("is refused to a member that is not the host", async () => {
    await expect(publishCourseVersion(alliance.members[1], { courseId: 1, terms })).rejects.toMatchObject({
      errorName: "CatalogNotHost",
      args: { courseId: 1n, callerMemberId: 2n, hostMemberId: 1n },
    });
  });
});
