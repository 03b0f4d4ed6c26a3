import { getMember, listMembers as membersOnChain } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import type { ReadDependencies } from "../deps.js";
import type { MemberQuery } from "./schemas.js";

/** Members of the alliance, filtered by status and paginated; every key may read all of them. */
export async function listMembers(
  deps: ReadDependencies,
  query: MemberQuery,
  _caller: ApiKeyRecord,
): Promise<{ items: Awaited<ReturnType<typeof membersOnChain>>; total: number }> {
  const all = (await membersOnChain(deps.reader)).filter((m) => !query.status || m.status === query.status);
  return { items: all.slice(query.offset, query.offset + query.limit), total: all.length };
}

/** One member with its operator keys; 404 `member_not_found` past the last member id. */
export async function readMember(deps: ReadDependencies, memberId: number) {
  if (memberId > Number(await deps.reader.registry.memberCount()))
    throw new DomainError("member_not_found", `No member has id ${memberId}.`, [
      { field: "memberId", value: memberId },
    ]);
  return getMember(deps.reader, { memberId });
}
