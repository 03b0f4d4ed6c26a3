import { encodeBytes32String, keccak256, toUtf8Bytes } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
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

/** A course version's terms as the catalog takes them (the metadata hashed). */
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

export type PublishCourseParameters = {
  /** The host's own course code, at most 31 bytes. */
  code: string;
  terms: CourseTerms;
};
export type PublishCourseReturnType = { courseId: number; transactionHash: string };
export type PublishCourseErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"CatalogEmptyCode" | "CatalogCodeTaken" | "CatalogInvalidVersion">
  | BaseError;

/**
 * A host member publishes a shared course as version 1, a general course until the evaluation committee
 * certifies it.
 *
 * @param client - A current key of the host member.
 * @param parameters - The host's course code and version 1's terms.
 * @returns The course's id and the transaction.
 * @example
 * const { courseId } = await publishCourse(host, {
 *   code: "CS101",
 *   terms: { metadata, credits: 300, contactHours: 48, feePerCredit: 5000n, term: 20261, seats: 60 },
 * });
 */
export async function publishCourse(
  client: AllianceClient,
  parameters: PublishCourseParameters,
): Promise<PublishCourseReturnType> {
  const { code, terms } = parameters;
  const receipt = await sendTransaction(() =>
    client.catalog.publishCourse(encodeBytes32String(code), toCourseVersion(terms)),
  );
  return {
    courseId: Number(eventArgs(client.catalog, receipt, "CoursePublished").courseId),
    transactionHash: receipt.hash,
  };
}
