import type { AllianceClient } from "../../client/createAllianceClient.js";
import { getMember, type GetMemberErrorType, type MemberRecord } from "./getMember.js";

export type ListMembersReturnType = MemberRecord[];
export type ListMembersErrorType = GetMemberErrorType;

/**
 * Every member, in registration order (member id 1 first), whatever its status.
 *
 * @param client - Any client; a reader is enough.
 * @returns The members with their current operator keys.
 * @example
 * const active = (await listMembers(reader)).filter((m) => m.status === "active");
 */
export async function listMembers(client: AllianceClient): Promise<ListMembersReturnType> {
  const count = Number(await client.registry.memberCount());
  return Promise.all(Array.from({ length: count }, (_, i) => getMember(client, { memberId: i + 1 })));
}
