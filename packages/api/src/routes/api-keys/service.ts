import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { ReadDependencies } from "../deps.js";

/**
 * Who a key is: its id, label, role and member, with the member's registered name from the read model,
 * else (an index still catching up, a gateway without one) from the registry on chain; null when
 * neither knows the member or the node does not answer: a console choosing its screens is not held
 * up by a name.
 */
export async function describeKey(deps: ReadDependencies, key: ApiKeyRecord) {
  const { id, label, role, memberId } = key;
  return { id, label, role, memberId, memberName: memberId === null ? null : await memberName(deps, memberId) };
}

async function memberName(deps: ReadDependencies, memberId: number): Promise<string | null> {
  const [indexed] = await deps.db.query<{ name: string }>(
    "apiKeys.memberName",
    "SELECT name FROM indexed_members WHERE member_id = $1",
    [memberId],
  );
  if (indexed) return String(indexed.name);
  try {
    const { name } = await deps.reader.registry.member(memberId);
    return name ? String(name) : null;
  } catch {
    return null; // unknown to the registry (it reverts), or the node is down
  }
}
