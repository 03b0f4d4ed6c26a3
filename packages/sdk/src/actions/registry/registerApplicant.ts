import type { AllianceClient } from "../../client/createAllianceClient.js";
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

/**
 * The secretariat registers an applicant school as a Pending member. Admission is a council decision.
 *
 * @example const { memberId } = await registerApplicant(secretariat, { name, kind: MemberKind.University, region, operator });
 */
export async function registerApplicant(
  client: AllianceClient,
  p: RegisterApplicantParameters,
): Promise<RegisterApplicantReturnType> {
  const receipt = await sendTransaction(() => client.registry.registerApplicant(p.name, p.kind, p.region, p.operator));
  return {
    memberId: Number(eventArgs(client.registry, receipt, "MemberRegistered").memberId),
    transactionHash: receipt.hash,
  };
}
