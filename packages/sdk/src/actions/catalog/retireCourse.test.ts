import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { publishCourse } from "./publishCourse.js";
import { publishCourseVersion } from "./publishCourseVersion.js";
import { retireCourse } from "./retireCourse.js";

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

describe("retireCourse", () => {
  it("retires the course: it takes no new version, and cannot be retired twice", async () => {
    const { courseId } = await publishCourse(alliance.members[0], { code: "CS101", terms });
    await retireCourse(alliance.members[0], { courseId });
    expect((await alliance.reader.catalog.course(courseId)).status).toBe(2n);
    await expect(publishCourseVersion(alliance.members[0], { courseId, terms })).rejects.toBeInstanceOf(
      contractErrors.CatalogCourseRetired,
    );
    await expect(retireCourse(alliance.members[0], { courseId })).rejects.toBeInstanceOf(
      contractErrors.CatalogCourseRetired,
    );
  });

  it("is refused to a member that is not the host", async () => {
    const { courseId } = await publishCourse(alliance.members[0], { code: "CS102", terms });
    await expect(retireCourse(alliance.members[2], { courseId })).rejects.toBeInstanceOf(contractErrors.CatalogNotHost);
  });
});
