import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ContractErrorType, MissingRoleErrorType } from "../contractErrorType.js";
import { eventArgs } from "../eventArgs.js";
import { sendTransaction } from "../sendTransaction.js";

export const MemberKind = { University: 0, VocationalCollege: 1, Enterprise: 2, GovernmentBody: 3 } as const;
export type MemberKind = (typeof MemberKind)[keyof typeof MemberKind];

export interface RegisterApplicantParameters {
  name: string;
  kind: MemberKind;
  region: string;
  /** The applicant's first operator key. */
  operator: string;
}
export type RegisterApplicantReturnType = { memberId: number; transactionHash: string };
export type RegisterApplicantErrorType =
  | MissingRoleErrorType
  | ContractErrorType<"RegistryEmptyName" | "RegistryZeroAddress" | "RegistryOperatorAlreadyUsed">
  | BaseError;

/**
 * The secretariat registers an applicant school as a Pending member. Admission is a council decision.
 *
 * @param client - The secretariat's client.
 * @param parameters - The applicant's name, kind, region and first operator key.
 * @returns The new member's id and the transaction.
 * @example
 * const { memberId } = await registerApplicant(secretariat, { name, kind: MemberKind.University, region, operator });
 */
export async function registerApplicant(
  client: AllianceClient,
  parameters: RegisterApplicantParameters,
): Promise<RegisterApplicantReturnType> {
  const { name, kind, region, operator } = parameters;
  const receipt = await sendTransaction(() => client.registry.registerApplicant(name, kind, region, operator));
  return {
    memberId: Number(eventArgs(client.registry, receipt, "MemberRegistered").memberId),
    transactionHash: receipt.hash,
  };
}
