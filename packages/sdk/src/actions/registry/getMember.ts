import type { AllianceClient } from "../../client/createAllianceClient.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";

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

/** A member with its current operator keys. */
export async function getMember(client: AllianceClient, p: { memberId: number }): Promise<MemberRecord> {
  return withDecodedErrors(async () => {
    const [m, operators] = await Promise.all([
      client.registry.member(p.memberId),
      client.registry.operatorsOf(p.memberId),
    ]);
    return {
      memberId: p.memberId,
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

/** Every member, registered order. */
export async function listMembers(client: AllianceClient): Promise<MemberRecord[]> {
  const count = Number(await client.registry.memberCount());
  return Promise.all(Array.from({ length: count }, (_, i) => getMember(client, { memberId: i + 1 })));
}
