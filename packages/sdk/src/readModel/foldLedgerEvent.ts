import type { LedgerEvent } from "../audit/readLedgerEvents.js";
import { CATALOG_EVENTS, catalogRowsNeeded, foldCatalogEvent } from "./foldCatalog.js";
import { COST_EVENTS, costRowsNeeded, foldCostEvent } from "./foldCosts.js";
import { CREDIT_EVENTS, creditRowsNeeded, foldCreditEvent } from "./foldCredits.js";
import { foldRegistryEvent, REGISTRY_EVENTS, registryRowsNeeded } from "./foldRegistry.js";
import { foldResourceEvent, RESOURCE_EVENTS, resourceRowsNeeded } from "./foldResources.js";
import type { LedgerStore } from "./ledgerStore.js";
import type { ReadModelTable } from "./rows.js";

interface Family {
  needed: (e: LedgerEvent, store: LedgerStore) => Array<[ReadModelTable, string]>;
  fold: (store: LedgerStore, e: LedgerEvent) => void;
}
const FAMILIES = new Map<string, Family>([
  ...REGISTRY_EVENTS.map((n): [string, Family] => [n, { needed: registryRowsNeeded, fold: foldRegistryEvent }]),
  ...CATALOG_EVENTS.map((n): [string, Family] => [n, { needed: catalogRowsNeeded, fold: foldCatalogEvent }]),
  ...CREDIT_EVENTS.map((n): [string, Family] => [n, { needed: creditRowsNeeded, fold: foldCreditEvent }]),
  ...COST_EVENTS.map((n): [string, Family] => [n, { needed: costRowsNeeded, fold: foldCostEvent }]),
  ...RESOURCE_EVENTS.map((n): [string, Family] => [n, { needed: resourceRowsNeeded, fold: foldResourceEvent }]),
]);

/**
 * Applies one alliance event to the read model, in chain order: the one fold of every event family,
 * shared by the indexer, member performance and the audit's replay. Events it does not model are
 * ignored.
 *
 * @example
 * const store = createMemoryStore();
 * for (const e of (await readLedgerEvents({ provider, addresses })).events) foldLedgerEvent(store, e);
 */
export function foldLedgerEvent(store: LedgerStore, e: LedgerEvent): void {
  FAMILIES.get(e.name)?.fold(store, e);
}

/**
 * The rows folding `e` reads or writes, as [table, key]. Some depend on rows already in `store` (a
 * course's host): a caller that loads rows on demand asks again after loading, until nothing is missing.
 */
export function rowsNeeded(e: LedgerEvent, store: LedgerStore): Array<[ReadModelTable, string]> {
  return FAMILIES.get(e.name)?.needed(e, store) ?? [];
}
