import { getAddress } from "ethers";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import { getMember } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { DomainError } from "../../errors.js";
import type { ReadDependencies } from "../deps.js";
import type { MemberQuery } from "./schemas.js";

const MEMBER_STATUSES = ["none", "pending", "active", "suspended", "withdrawn"] as const;

/** Members from the read model, registration order, each with its current operator keys; every key may read them. */
export async function listMembers(deps: ReadDependencies, q: MemberQuery, _caller: ApiKeyRecord) {
  const { db } = deps;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "members.list", {
    columns: "*",
    from: "indexed_members",
    filters: [q.status === undefined ? undefined : ["status = ?", MEMBER_STATUSES.indexOf(q.status)]],
    orderBy: "member_id",
    limit: q.limit,
    offset: q.offset,
  });
  const members = rows.map((r) => READ_MODEL_TABLES.members.fromRecord(r));
  const keys = members.length
    ? await db.query<{ member_id: number; account: string }>(
        "members.keys",
        `SELECT member_id, account FROM indexed_operator_keys WHERE current = 1 AND member_id IN (${members.map((_, i) => `$${i + 1}`).join(", ")}) ORDER BY added_at_block, key`,
        members.map((m) => m.memberId),
      )
    : [];
  const items = members.map((m) => ({
    memberId: m.memberId,
    name: m.name,
    region: m.region,
    kind: m.kind,
    status: MEMBER_STATUSES[m.status],
    registeredAtBlock: m.registeredAtBlock,
    statusChangedAtBlock: m.statusChangedAtBlock,
    operators: keys.filter((k) => Number(k.member_id) === m.memberId).map((k) => getAddress(k.account)),
  }));
  return { items, total, totalExact };
}

/** One member with its operator keys; 404 `member_not_found` past the last member id. */
export async function readMember(deps: ReadDependencies, memberId: number) {
  if (memberId > Number(await deps.reader.registry.memberCount()))
    throw new DomainError("member_not_found", `No member has id ${memberId}.`, [
      { field: "memberId", value: memberId },
    ]);
  return getMember(deps.reader, { memberId });
}
