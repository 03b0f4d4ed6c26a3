import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { publishCourse } from "./publishCourse.js";

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

describe("publishCourse", () => {
  it("publishes version 1 of a general course under the host's code", async () => {
    const { courseId } = await publishCourse(alliance.members[0], { code: "CS101", terms });
    expect(courseId).toBe(1);
    const course = await alliance.reader.catalog.course(courseId);
    expect([course.hostMemberId, course.latestVersion, course.tier]).toEqual([1n, 1n, 0n]);
    const version = await alliance.reader.catalog.courseVersion(courseId, 1);
    expect([version.metadataHash, version.feePerCredit]).toEqual([id("Data Structures"), 5_000n]);
  });

  it("is refused a code the host already uses, and a key that is no member's", async () => {
    await expect(publishCourse(alliance.members[0], { code: "CS101", terms })).rejects.toBeInstanceOf(
      contractErrors.CatalogCodeTaken,
    );
    // Codes are per host: another member may use the same one.
    expect((await publishCourse(alliance.members[1], { code: "CS101", terms })).courseId).toBe(2);
    await expect(publishCourse(alliance.outsider, { code: "CS999", terms })).rejects.toBeInstanceOf(
      contractErrors.RegistryUnknownOperator,
    );
  });
});
