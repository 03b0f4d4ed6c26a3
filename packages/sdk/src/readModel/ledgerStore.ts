import type { ReadModelRows, ReadModelTable } from "./rows.js";

/**
 * Where a fold reads and writes rows, synchronously, by table and key ({@link rowKey}). The audit and
 * member performance fold into memory; the indexer loads the rows an event needs from its database
 * first ({@link rowsNeeded}) and writes the changed ones back in the transaction that moves its cursor.
 */
export interface LedgerStore {
  get<T extends ReadModelTable>(table: T, key: string): ReadModelRows[T] | undefined;
  set<T extends ReadModelTable>(table: T, key: string, row: ReadModelRows[T]): void;
}

/** A store held in maps, one per table. */
export interface MemoryStore extends LedgerStore {
  rows<T extends ReadModelTable>(table: T): ReadModelRows[T][];
}

/**
 * An in-memory store.
 *
 * @example
 * const store = createMemoryStore();
 * for (const e of events) foldLedgerEvent(store, e);
 * store.rows("costEntries");
 */
export function createMemoryStore(): MemoryStore {
  const tables = new Map<ReadModelTable, Map<string, unknown>>();
  const table = (name: ReadModelTable) => {
    let t = tables.get(name);
    if (!t) {
      t = new Map();
      tables.set(name, t);
    }
    return t;
  };
  return {
    get: (name, key) => table(name).get(key) as never,
    set: (name, key, row) => void table(name).set(key, row),
    rows: (name) => [...table(name).values()] as never,
  };
}

/** Keys of the read model's rows: one string per row, the same in memory and in the indexer's tables. */
export const rowKey = {
  member: (memberId: number) => String(memberId),
  operatorKey: (account: string) => account.toLowerCase(),
  roleHolder: (role: string, account: string) => `${role.toLowerCase()}:${account.toLowerCase()}`,
  course: (courseId: number) => String(courseId),
  courseVersion: (courseId: number, version: number) => `${courseId}:${version}`,
  proposal: (proposalId: string | bigint | number) => String(proposalId),
  proposalApproval: (proposalId: string | bigint | number, councillor: string) =>
    `${proposalId}:${councillor.toLowerCase()}`,
  /** A batch is its issuer's: the contract keys it by (issuer, root). */
  batch: (issuerId: number, root: string) => `${issuerId}:${root.toLowerCase()}`,
  /** A record's state lives at (issuer, root, index), as in the contract. */
  record: (issuerId: number, root: string, index: number) => `${issuerId}:${root.toLowerCase()}:${index}`,
  costEntry: (entryId: string) => entryId.toLowerCase(),
  period: (periodId: number) => String(periodId),
  periodTotals: (periodId: number, memberId: number) => `${periodId}:${memberId}`,
  settlement: (settlementId: string | bigint | number) => String(settlementId),
  memberActivity: (memberId: number) => String(memberId),
  resource: (resourceId: number) => String(resourceId),
  resourceVersion: (resourceId: number, version: number) => `${resourceId}:${version}`,
  resourceUse: (useId: string | bigint | number) => String(useId),
  decidedShares: (periodId: number) => String(periodId),
  lowContribution: (periodId: number, memberId: number) => `${periodId}:${memberId}`,
  /** One row: the rule in force. */
  contributionRule: () => "current",
} as const;
