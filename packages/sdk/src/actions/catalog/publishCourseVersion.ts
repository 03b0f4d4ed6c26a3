import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";
import { type CourseTerms, toCourseVersion } from "./publishCourse.js";

export type PublishCourseVersionParameters = { courseId: number; terms: CourseTerms };
export type PublishCourseVersionReturnType = { version: number; transactionHash: string };
export type PublishCourseVersionErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"CatalogUnknownCourse" | "CatalogNotHost" | "CatalogCourseRetired" | "CatalogInvalidVersion">
  | BaseError;

/**
 * The host publishes the next version of one of its active courses. The new version is general until
 * certified; records already issued keep the version they name.
 *
 * @param client - A current key of the course's host.
 * @param parameters - The course and the new version's terms.
 * @returns The new version's number and the transaction.
 * @example
 * const { version } = await publishCourseVersion(host, { courseId, terms: { ...terms, term: 20262 } });
 */
export async function publishCourseVersion(
  client: AllianceClient,
  parameters: PublishCourseVersionParameters,
): Promise<PublishCourseVersionReturnType> {
  const { courseId, terms } = parameters;
  const receipt = await sendTransaction(() => client.catalog.publishVersion(courseId, toCourseVersion(terms)));
  return {
    version: Number(eventArgs(client.catalog, receipt, "CourseVersionPublished").version),
    transactionHash: receipt.hash,
  };
}
