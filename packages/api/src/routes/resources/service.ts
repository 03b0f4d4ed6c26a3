import {
  type AllianceClient,
  isoDateOfDay,
  RESOURCE_KINDS,
  RESOURCE_UNITS,
  type ReadModelRows,
  USE_STATUSES,
} from "@alliance-ledger/sdk";
import { ZeroHash } from "ethers";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import type { Queryable } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import { pageOf } from "../../readModel/pageQuery.js";
import { READ_MODEL_TABLES } from "../../readModel/readModelTables.js";
import type { ReadDependencies } from "../deps.js";
import { RESOURCE_STATUS_NAMES, type ResourceQuery, type UseQuery } from "./schemas.js";

const orNull = (hash: string) => (hash === ZeroHash ? null : hash);

/** Shared resources from the read model, resource id order, each with its latest version's terms; every key reads them. */
export async function listResources(deps: ReadDependencies, q: ResourceQuery) {
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(deps.db, "resources.list", {
    columns: "*",
    from: "indexed_resources",
    filters: [
      q.hostMemberId === undefined ? undefined : ["host_member_id = ?", q.hostMemberId],
      q.kind === undefined ? undefined : ["kind = ?", RESOURCE_KINDS.indexOf(q.kind)],
      q.status === undefined ? undefined : ["status = ?", RESOURCE_STATUS_NAMES.indexOf(q.status) + 1],
    ],
    orderBy: "resource_id",
    limit: q.limit,
    offset: q.offset,
  });
  const items = rows.map((record) => {
    const r = READ_MODEL_TABLES.resources.fromRecord(record);
    return {
      resourceId: r.resourceId,
      hostMemberId: r.hostMemberId,
      kind: RESOURCE_KINDS[r.kind],
      kindCode: orNull(r.kindCode),
      status: RESOURCE_STATUS_NAMES[r.status - 1],
      latestVersion: r.latestVersion,
      unit: RESOURCE_UNITS[r.unit],
      pricePerUnit: r.pricePerUnit.toString(),
      capacity: r.capacity,
      termsHash: r.termsHash,
    };
  });
  return { items, total, totalExact };
}

/**
 * Uses from the read model, oldest first. A member's keys see the uses their school requested or hosts;
 * the secretariat and auditors see all. `personRef` only where the caller's own school named the person.
 */
export async function listUses(deps: ReadDependencies, q: UseQuery, caller: ApiKeyRecord) {
  const { db } = deps;
  const member = caller.role === "member" ? Number(caller.memberId) : undefined;
  const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "resourceUses.list", {
    columns: "*",
    from: "indexed_resource_uses",
    filters: [
      // An integer from the caller's own key record, never from the request.
      member === undefined ? undefined : [`(user_id = ${member} OR host_member_id = ${member})`],
      q.resourceId === undefined ? undefined : ["resource_id = ?", q.resourceId],
      q.userId === undefined ? undefined : ["user_id = ?", q.userId],
      q.hostMemberId === undefined ? undefined : ["host_member_id = ?", q.hostMemberId],
      q.status === undefined ? undefined : ["status = ?", USE_STATUSES.indexOf(q.status as never)],
      q.periodId === undefined ? undefined : ["period_id = ?", q.periodId],
    ],
    orderBy: "use_id",
    limit: q.limit,
    offset: q.offset,
  });
  const uses = rows.map((r) => READ_MODEL_TABLES.resourceUses.fromRecord(r));
  const refs = new Map<string, string>();
  if (member !== undefined && uses.length > 0) {
    const found = await db.query<{ use_id: string; person_ref: string }>(
      "resourceUses.persons",
      `SELECT use_id, person_ref FROM resource_use_persons WHERE member_id = $1 AND use_id IN (${uses.map((_, i) => `$${i + 2}`).join(", ")})`,
      [member, ...uses.map((u) => u.useId)],
    );
    for (const f of found) refs.set(String(f.use_id), String(f.person_ref));
  }
  return { items: uses.map((u) => useItem(u, refs.get(u.useId))), total, totalExact };
}

function useItem(u: ReadModelRows["resourceUses"], personRef: string | undefined) {
  return {
    useId: u.useId,
    resourceId: u.resourceId,
    version: u.version,
    userId: u.userId,
    hostMemberId: u.hostMemberId,
    status: USE_STATUSES[u.status],
    quantity: u.quantity,
    deliveredQuantity: u.deliveredQuantity,
    billedQuantity: u.billedQuantity,
    startDay: isoDateOfDay(u.startDay),
    endDay: isoDateOfDay(u.endDay),
    unit: RESOURCE_UNITS[u.unit],
    pricePerUnit: u.pricePerUnit.toString(),
    fee: u.fee.toString(),
    periodId: u.periodId === 0 ? null : u.periodId,
    ...(u.disputedBy === undefined ? {} : { disputedBy: u.disputedBy }),
    userPersonCommitment: orNull(u.userPersonCommitment),
    hostPersonCommitment: orNull(u.hostPersonCommitment),
    ...(personRef === undefined ? {} : { personRef }),
  };
}

function exchangeOf(reader: AllianceClient) {
  if (!reader.resourceExchange)
    throw new DomainError("not_found", "This alliance's deployment has no resource exchange.");
  return reader.resourceExchange;
}

/** 404 `resource_not_found` unless the exchange has `resourceId`; its host otherwise (from the chain). */
export async function requireResource(reader: AllianceClient, resourceId: number): Promise<{ hostMemberId: number }> {
  const exchange = exchangeOf(reader);
  if (resourceId > Number(await exchange.resourceCount()))
    throw new DomainError("resource_not_found", `No resource has id ${resourceId}.`, [
      { field: "resourceId", value: resourceId },
    ]);
  return { hostMemberId: Number((await exchange.resource(resourceId)).hostMemberId) };
}

/** Whose step it is: the user's, the host's, either's, or none (the secretariat's: only the use must exist). */
export type Party = "user" | "host" | "party" | "none";

/**
 * The use's parties from the chain (the read model may lag a write by a block): 404
 * `resource_use_not_found` for an unknown use, 403 `forbidden_member` when the caller's school is not the
 * party the step is for (the user, the host, or either).
 */
export async function requireParty(reader: AllianceClient, useId: string, caller: ApiKeyRecord, party: Party) {
  const exchange = exchangeOf(reader);
  if (BigInt(useId) > (await exchange.useCount()))
    throw new DomainError("resource_use_not_found", `No resource use has id ${useId}.`, [
      { field: "useId", value: useId },
    ]);
  const use = await exchange.use(useId);
  const userId = Number(use.userId);
  const hostMemberId = Number((await exchange.resource(use.resourceId)).hostMemberId);
  if (party === "none") return { userId, hostMemberId };
  const me = Number(caller.memberId);
  const allowed =
    party === "user" ? me === userId : party === "host" ? me === hostMemberId : me === userId || me === hostMemberId;
  if (!allowed)
    throw new DomainError(
      "forbidden_member",
      party === "party"
        ? `Only the use's user (member ${userId}) or host (member ${hostMemberId}) may do this.`
        : `Only the use's ${party} (member ${party === "user" ? userId : hostMemberId}) may do this.`,
      [{ field: "useId", value: useId }],
    );
  return { userId, hostMemberId };
}

/**
 * Keeps the person behind a commitment for the school that named it (so it can show whom it seconded or
 * sent), in the transaction that stores the write's answer. Never logged, never on chain, never shown
 * to another school's keys.
 */
export async function keepPerson(
  tx: Queryable,
  p: { useId: string; memberId: number; ref: string; salt: string; commitment: string },
): Promise<void> {
  await tx.query(
    "resourceUses.keepPerson",
    "INSERT INTO resource_use_persons (use_id, member_id, person_ref, salt, commitment) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (use_id, member_id) DO NOTHING",
    [p.useId, p.memberId, p.ref, p.salt, p.commitment],
  );
}
