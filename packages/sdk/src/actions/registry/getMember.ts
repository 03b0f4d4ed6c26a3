import type { AllianceClient } from "../../client/createAllianceClient.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
import type { ContractErrorType } from "../contractErrorType.js";

export const MemberStatus = { None: 0, Pending: 1, Active: 2, Suspended: 3, Withdrawn: 4 } as const;
export type MemberStatusName = "none" | "pending" | "active" | "suspended" | "withdrawn";
const STATUS_NAMES: MemberStatusName[] = ["none", "pending", "active", "suspended", "withdrawn"];

export interface MemberRecord {
  memberId: number;
  name: string;
  region: string;
  kind: number;
  status: MemberStatusName;
  registeredAtBlock: number;
  statusChangedAtBlock: number;
  operators: string[];
}

export type GetMemberParameters = { memberId: number };
export type GetMemberReturnType = MemberRecord;
export type GetMemberErrorType = ContractErrorType<"RegistryUnknownMember">;

/**
 * A member with its current operator keys.
 *
 * @param client - Any client; a reader is enough.
 * @param parameters - The member's id.
 * @returns The member's registry record, its status by name.
 * @example
 * const { status, operators } = await getMember(reader, { memberId: 2 });
 */
export async function getMember(client: AllianceClient, parameters: GetMemberParameters): Promise<GetMemberReturnType> {
  const { memberId } = parameters;
  return withDecodedErrors(async () => {
    const [m, operators] = await Promise.all([client.registry.member(memberId), client.registry.operatorsOf(memberId)]);
    return {
      memberId,
      name: m.name,
      region: m.region,
      kind: Number(m.kind),
      status: STATUS_NAMES[Number(m.status)],
      registeredAtBlock: Number(m.registeredAtBlock),
      statusChangedAtBlock: Number(m.statusChangedAtBlock),
      operators: [...operators],
    };
  });
}
