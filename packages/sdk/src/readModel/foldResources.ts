import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { type LedgerStore, rowKey } from "./ledgerStore.js";
import { bookFee } from "./periodTotals.js";
import type { ReadModelTable } from "./rows.js";

type Needed = Array<[ReadModelTable, string]>;

/**
 * The shared-resource events the read model folds (IResourceExchange): resources with their latest
 * version's terms, every use with its status and quantities, and the fee of a confirmed or resolved use,
 * booked exactly like a course fee (payable by the user, receivable by the host) in the period the event
 * names; a zero fee names no period and books nothing.
 */
export const RESOURCE_EVENTS = [
  "ResourcePublished",
  "ResourceVersionPublished",
  "ResourceRetired",
  "UseRequested",
  "UseAccepted",
  "UseDeclined",
  "UseCancelled",
  "UseDelivered",
  "UseConfirmed",
  "UseDisputed",
  "DisputeResolved",
] as const;

const ZERO = `0x${"00".repeat(32)}`;
const ACTIVE = 1;
const RETIRED = 2;
export const USE_STATUS = {
  requested: 1,
  accepted: 2,
  declined: 3,
  cancelled: 4,
  delivered: 5,
  confirmed: 6,
  disputed: 7,
  resolved: 8,
} as const;

function feeOf(e: LedgerEvent) {
  const a = e.args;
  return { periodId: Number(a.periodId), payer: Number(a.userId), payee: Number(a.hostMemberId), fee: BigInt(a.fee) };
}

export function resourceRowsNeeded(e: LedgerEvent): Needed {
  const a = e.args;
  switch (e.name) {
    case "ResourcePublished":
    case "ResourceRetired":
      return [["resources", rowKey.resource(Number(a.resourceId))]];
    case "ResourceVersionPublished": {
      const resourceId = Number(a.resourceId);
      return [
        ["resources", rowKey.resource(resourceId)],
        ["resourceVersions", rowKey.resourceVersion(resourceId, Number(a.version))],
      ];
    }
    case "UseRequested":
      return [
        ["resourceUses", rowKey.resourceUse(a.useId)],
        ["resourceVersions", rowKey.resourceVersion(Number(a.resourceId), Number(a.version))],
      ];
    case "UseConfirmed":
    case "DisputeResolved": {
      const needed: Needed = [["resourceUses", rowKey.resourceUse(a.useId)]];
      const { periodId, payer, payee, fee } = feeOf(e);
      if (fee !== 0n)
        needed.push(
          ["periodTotals", rowKey.periodTotals(periodId, payer)],
          ["periodTotals", rowKey.periodTotals(periodId, payee)],
        );
      return needed;
    }
    default:
      return [["resourceUses", rowKey.resourceUse(a.useId)]];
  }
}

export function foldResourceEvent(store: LedgerStore, e: LedgerEvent): void {
  const a = e.args;
  if (e.name === "UseConfirmed" || e.name === "DisputeResolved") {
    const { periodId, payer, payee, fee } = feeOf(e);
    if (fee !== 0n) bookFee(store, periodId, { payer, payee, fee });
  }
  switch (e.name) {
    case "ResourcePublished": {
      const resourceId = Number(a.resourceId);
      store.set("resources", rowKey.resource(resourceId), {
        resourceId,
        hostMemberId: Number(a.hostMemberId),
        kind: Number(a.kind),
        kindCode: String(a.kindCode),
        status: ACTIVE,
        latestVersion: 0,
        unit: 0,
        pricePerUnit: 0n,
        capacity: 0,
        termsHash: ZERO,
        publishedAtBlock: e.blockNumber,
      });
      return;
    }
    case "ResourceVersionPublished": {
      const resourceId = Number(a.resourceId);
      const version = Number(a.version);
      const t = a.terms;
      const terms = {
        unit: Number(t.unit),
        pricePerUnit: BigInt(t.pricePerUnit),
        capacity: Number(t.capacity),
        termsHash: String(t.termsHash),
      };
      store.set("resourceVersions", rowKey.resourceVersion(resourceId, version), { resourceId, version, ...terms });
      const key = rowKey.resource(resourceId);
      const resource = store.get("resources", key);
      if (resource && version >= resource.latestVersion)
        store.set("resources", key, { ...resource, ...terms, latestVersion: version });
      return;
    }
    case "ResourceRetired": {
      const key = rowKey.resource(Number(a.resourceId));
      const resource = store.get("resources", key);
      if (resource) store.set("resources", key, { ...resource, status: RETIRED });
      return;
    }
    case "UseRequested": {
      const resourceId = Number(a.resourceId);
      const version = store.get("resourceVersions", rowKey.resourceVersion(resourceId, Number(a.version)));
      const useId = a.useId.toString();
      store.set("resourceUses", rowKey.resourceUse(useId), {
        useId,
        resourceId,
        version: Number(a.version),
        userId: Number(a.userId),
        hostMemberId: Number(a.hostMemberId),
        status: USE_STATUS.requested,
        quantity: Number(a.quantity),
        deliveredQuantity: 0,
        billedQuantity: 0,
        startDay: Number(a.startDay),
        endDay: Number(a.endDay),
        pricePerUnit: version?.pricePerUnit ?? 0n,
        unit: version?.unit ?? 0,
        fee: 0n,
        periodId: 0,
        userPersonCommitment: String(a.personCommitment),
        hostPersonCommitment: ZERO,
        requestedAtBlock: e.blockNumber,
        updatedAtBlock: e.blockNumber,
      });
      return;
    }
  }
  const key = rowKey.resourceUse(a.useId);
  const use = store.get("resourceUses", key);
  if (!use) return;
  const at = { updatedAtBlock: e.blockNumber };
  switch (e.name) {
    case "UseAccepted":
      store.set("resourceUses", key, {
        ...use,
        ...at,
        status: USE_STATUS.accepted,
        hostPersonCommitment: String(a.personCommitment),
      });
      return;
    case "UseDeclined":
      store.set("resourceUses", key, { ...use, ...at, status: USE_STATUS.declined });
      return;
    case "UseCancelled":
      store.set("resourceUses", key, { ...use, ...at, status: USE_STATUS.cancelled });
      return;
    case "UseDelivered":
      store.set("resourceUses", key, {
        ...use,
        ...at,
        status: USE_STATUS.delivered,
        deliveredQuantity: Number(a.deliveredQuantity),
      });
      return;
    case "UseDisputed":
      store.set("resourceUses", key, {
        ...use,
        ...at,
        status: USE_STATUS.disputed,
        disputedBy: Number(a.disputingMemberId),
      });
      return;
    case "UseConfirmed":
    case "DisputeResolved":
      store.set("resourceUses", key, {
        ...use,
        ...at,
        status: e.name === "UseConfirmed" ? USE_STATUS.confirmed : USE_STATUS.resolved,
        billedQuantity: Number(e.name === "UseConfirmed" ? a.billedQuantity : a.resolvedQuantity),
        fee: BigInt(a.fee),
        periodId: Number(a.periodId),
      });
      return;
  }
}
