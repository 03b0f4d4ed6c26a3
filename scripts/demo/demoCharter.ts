import { largestRemainderAllocate } from "@alliance-ledger/sdk";

/**
 * The demo charter's investment shares, weighted by each region's public finance per vocational
 * student from seed 002's Table 1 (10,000 yuan): Beijing 4.03, Tianjin 1.39, Hebei 0.76, and the
 * national 1.00 for the Chongqing and Sichuan colleges, which the table does not list. Richer members
 * invest more; the split is the ledger's own largest-remainder rule, so it adds up to 10,000 exactly.
 */
export const FUNDING_PER_STUDENT_YUAN = [40_300, 13_900, 7_600, 10_000, 10_000, 10_000];

export function charterShares(): Array<{ memberId: number; shareBps: number }> {
  const split = largestRemainderAllocate(
    10_000n,
    FUNDING_PER_STUDENT_YUAN.map((funding, i) => ({ id: i + 1, weight: BigInt(funding) })),
    BigInt(FUNDING_PER_STUDENT_YUAN.reduce((a, b) => a + b, 0)),
  );
  return FUNDING_PER_STUDENT_YUAN.map((_, i) => ({ memberId: i + 1, shareBps: Number(split.get(i + 1)) }));
}

/** The charter's minimum contribution index (thousandths) and the low periods before a suspension proposal. */
export const CONTRIBUTION_RULE = { minIndexPermille: 600, periodsBeforeSuspension: 2 };
