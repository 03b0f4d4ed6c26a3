import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export type RetireCourseParameters = { courseId: number };
export type RetireCourseReturnType = { transactionHash: string };
export type RetireCourseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"CatalogUnknownCourse" | "CatalogNotHost" | "CatalogCourseRetired">
  | BaseError;

/**
 * The host retires one of its courses: no new versions and no new records of it are anchored; what was
 * issued and recognised stays.
 *
 * @param client - A current key of the course's host.
 * @param parameters - The course to retire.
 * @returns The transaction.
 * @example
 * await retireCourse(host, { courseId: 4 });
 */
export async function retireCourse(
  client: AllianceClient,
  parameters: RetireCourseParameters,
): Promise<RetireCourseReturnType> {
  return { transactionHash: (await sendTransaction(() => client.catalog.retireCourse(parameters.courseId))).hash };
}
