import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export const CourseTier = { General: 0, Certified: 1 } as const;

export type SetCourseTierParameters = {
  courseId: number;
  /** The version to set; the course's latest version when omitted. */
  version?: number;
  tier: 0 | 1;
  /** Hash of the committee's evaluation report. */
  reasonHash: string;
};
export type SetCourseTierReturnType = { version: number; transactionHash: string };
export type SetCourseTierErrorType =
  | MissingRoleErrorType
  | ContractErrorType<
      "CatalogUnknownCourse" | "CatalogUnknownVersion" | "CatalogMissingReason" | "CatalogTierUnchanged"
    >
  | BaseError;

/**
 * The evaluation committee certifies one version of a course or returns it to general, with the hash of
 * its report. A later version is general until certified.
 *
 * @param client - An evaluation committee key.
 * @param parameters - The course, the version (default: latest), the tier and the report's hash.
 * @returns The version set and the transaction.
 * @example
 * await setCourseTier(committee, { courseId, tier: CourseTier.Certified, reasonHash: id(report) });
 */
export async function setCourseTier(
  client: AllianceClient,
  parameters: SetCourseTierParameters,
): Promise<SetCourseTierReturnType> {
  const { courseId, tier, reasonHash } = parameters;
  const version =
    parameters.version ?? Number((await withDecodedErrors(() => client.catalog.course(courseId))).latestVersion);
  const receipt = await sendTransaction(() => client.catalog.setCourseTier(courseId, version, tier, reasonHash));
  return { version, transactionHash: receipt.hash };
}
