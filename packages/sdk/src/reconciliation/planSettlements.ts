import { BaseError } from "../errors/BaseError.js";

export interface SettlementTransfer {
  payerId: number;
  payeeId: number;
  amount: bigint;
}

export interface PlanSettlementsParameters {
  nets: ReadonlyArray<{ memberId: number; net: bigint }>;
  /**
   * Up to this many members with a non-zero net, the plan has the fewest transfers possible (exact
   * search over subsets, 2^n); beyond it, at most n - 1 transfers. Default 20.
   */
  exactUpTo?: number;
}

/**
 * Plans who pays whom to settle a period. A member with a negative net pays; a positive net receives.
 *
 * The fewest transfers for n non-zero nets is n - k, where k is the largest number of groups the
 * members split into with each group summing to zero (each group settles internally with size - 1
 * transfers). Up to `exactUpTo` members, k is found exactly by dynamic programming over subsets;
 * beyond that, one greedy group gives n - 1. Deterministic: members are taken in id order.
 *
 * @throws BaseError if the nets do not sum to zero.
 */
export function planSettlements(p: PlanSettlementsParameters): SettlementTransfer[] {
  const total = p.nets.reduce((s, n) => s + n.net, 0n);
  if (total !== 0n) throw new BaseError(`Nets sum to ${total}, not zero: nothing can settle them.`);
  const open = p.nets.filter((n) => n.net !== 0n).sort((a, b) => a.memberId - b.memberId);
  const groups = open.length <= (p.exactUpTo ?? 20) ? zeroSumGroups(open) : [open];
  return groups.flatMap(settleGroup);
}

/** Settles one zero-sum group with at most size - 1 transfers: the largest debtor pays the largest creditor. */
function settleGroup(group: ReadonlyArray<{ memberId: number; net: bigint }>): SettlementTransfer[] {
  const debtors = group.filter((m) => m.net < 0n).map((m) => ({ id: m.memberId, owed: -m.net }));
  const creditors = group.filter((m) => m.net > 0n).map((m) => ({ id: m.memberId, due: m.net }));
  const byAmount =
    <T extends { id: number }>(key: (x: T) => bigint) =>
    (a: T, b: T) =>
      key(a) === key(b) ? a.id - b.id : key(a) > key(b) ? -1 : 1;
  debtors.sort(byAmount((d) => d.owed));
  creditors.sort(byAmount((c) => c.due));
  const transfers: SettlementTransfer[] = [];
  let i = 0;
  let j = 0;
  while (i < debtors.length && j < creditors.length) {
    const amount = debtors[i].owed < creditors[j].due ? debtors[i].owed : creditors[j].due;
    transfers.push({ payerId: debtors[i].id, payeeId: creditors[j].id, amount });
    debtors[i].owed -= amount;
    creditors[j].due -= amount;
    if (debtors[i].owed === 0n) i += 1;
    if (creditors[j].due === 0n) j += 1;
  }
  return transfers;
}

/**
 * Splits members into the largest number of zero-sum groups. best[mask] is the most zero-sum groups
 * that members in `mask` can be completed into when added one by one; walking back from the full set
 * gives an order whose zero-sum prefixes are the group boundaries.
 */
function zeroSumGroups<T extends { net: bigint }>(members: readonly T[]): T[][] {
  const n = members.length;
  if (n === 0) return [];
  const size = 1 << n;
  const sums = new BigInt64Array(size);
  const best = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) {
    const low = 31 - Math.clz32(mask & -mask);
    sums[mask] = sums[mask & (mask - 1)] + members[low].net;
    let most = 0;
    for (let rest = mask; rest; rest &= rest - 1) {
      const bit = rest & -rest;
      if (best[mask ^ bit] > most) most = best[mask ^ bit];
    }
    best[mask] = most + (sums[mask] === 0n ? 1 : 0);
  }
  const order: number[] = [];
  for (let mask = size - 1; mask; ) {
    const gain = sums[mask] === 0n ? 1 : 0;
    let chosen = -1;
    for (let rest = mask; rest; rest &= rest - 1) {
      const bit = rest & -rest;
      if (best[mask ^ bit] + gain === best[mask]) {
        chosen = 31 - Math.clz32(bit);
        break;
      }
    }
    order.unshift(chosen);
    mask ^= 1 << chosen;
  }
  const groups: T[][] = [];
  let current: T[] = [];
  let sum = 0n;
  for (const index of order) {
    current.push(members[index]);
    sum += members[index].net;
    if (sum === 0n) {
      groups.push(current);
      current = [];
    }
  }
  return groups;
}
