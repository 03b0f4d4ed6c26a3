/** One party to an allocation: an id (the tie-break) and its weight, e.g. a share in basis points. */
export interface AllocationWeight {
  id: number;
  weight: bigint;
}

export type LargestRemainderAllocateReturnType = Map<number, bigint>;

/**
 * Splits `total` minor units by weight with the largest-remainder method, exactly: every party gets the
 * floor of `total * weight / denominator`; the units left over go one each to the largest remainders,
 * ties to the lower id. This is the rule the CostLedger checks on chain at period close.
 *
 * @param total non-negative amount in minor units
 * @param weights parties and weights; weights must sum to `denominator`
 * @param denominator 10,000 for basis points
 * @returns allocation per id, summing to exactly `total`
 * @example largestRemainderAllocate(100n, [{ id: 1, weight: 5000n }, { id: 2, weight: 5000n }], 10_000n)
 */
export function largestRemainderAllocate(
  total: bigint,
  weights: readonly AllocationWeight[],
  denominator: bigint,
): LargestRemainderAllocateReturnType {
  if (total < 0n) throw new RangeError(`total must not be negative, got ${total}`);
  const weightSum = weights.reduce((sum, w) => sum + w.weight, 0n);
  if (weightSum !== denominator) throw new RangeError(`weights sum to ${weightSum}, expected ${denominator}`);

  const parts = weights.map((w) => {
    const exact = total * w.weight;
    return { id: w.id, floor: exact / denominator, remainder: exact % denominator };
  });
  let leftover = total - parts.reduce((sum, p) => sum + p.floor, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.id - b.id : a.remainder > b.remainder ? -1 : 1,
  );
  const allocation = new Map<number, bigint>(parts.map((p) => [p.id, p.floor]));
  for (const p of order) {
    if (leftover === 0n) break;
    allocation.set(p.id, p.floor + 1n);
    leftover -= 1n;
  }
  return allocation;
}
