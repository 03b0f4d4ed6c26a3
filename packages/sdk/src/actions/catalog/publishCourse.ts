import { encodeBytes32String, keccak256, toUtf8Bytes } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

export interface CourseTerms {
  /** Title and syllabus, hashed on chain; the text stays off chain. */
  metadata: string;
  /** Hundredths of a credit: 250 = 2.5 credits. */
  credits: number;
  contactHours: number;
  /** Integer minor units per whole credit. */
  feePerCredit: bigint;
  /** Term code, e.g. 20261. */
  term: number;
  seats: number;
}

export function toCourseVersion(t: CourseTerms) {
  return {
    metadataHash: keccak256(toUtf8Bytes(t.metadata)),
    credits: t.credits,
    contactHours: t.contactHours,
    feePerCredit: t.feePerCredit,
    term: t.term,
    seats: t.seats,
  };
}

export type PublishCourseReturnType = { courseId: number; transactionHash: string };

/**
 * A host member publishes a shared course as version 1 (course code at most 31 bytes).
 *
 * @example await publishCourse(host, { code: "CS101", terms: { metadata, credits: 300, contactHours: 48, feePerCredit: 5000n, term: 20261, seats: 60 } });
 */
export async function publishCourse(
  client: AllianceClient,
  p: { code: string; terms: CourseTerms },
): Promise<PublishCourseReturnType> {
  const receipt = await sendTransaction(() =>
    client.catalog.publishCourse(encodeBytes32String(p.code), toCourseVersion(p.terms)),
  );
  return {
    courseId: Number(eventArgs(client.catalog, receipt, "CoursePublished").courseId),
    transactionHash: receipt.hash,
  };
}

/** The host publishes the next version of a course. */
export async function publishCourseVersion(client: AllianceClient, p: { courseId: number; terms: CourseTerms }) {
  const receipt = await sendTransaction(() => client.catalog.publishVersion(p.courseId, toCourseVersion(p.terms)));
  return {
    version: Number(eventArgs(client.catalog, receipt, "CourseVersionPublished").version),
    transactionHash: receipt.hash,
  };
}

/** The host retires a course. */
export async function retireCourse(client: AllianceClient, p: { courseId: number }) {
  return { transactionHash: (await sendTransaction(() => client.catalog.retireCourse(p.courseId))).hash };
}

export const CourseTier = { General: 0, Certified: 1 } as const;

/**
 * The evaluation committee certifies one version of a course or returns it to general, with the hash of
 * its report. Without `version`, the course's latest version. A later version is general until certified.
 */
export async function setCourseTier(
  client: AllianceClient,
  p: { courseId: number; version?: number; tier: 0 | 1; reasonHash: string },
) {
  const version = p.version ?? Number((await client.catalog.course(p.courseId)).latestVersion);
  return {
    version,
    transactionHash: (
      await sendTransaction(() => client.catalog.setCourseTier(p.courseId, version, p.tier, p.reasonHash))
    ).hash,
  };
}
