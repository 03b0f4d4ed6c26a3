import type { Provider } from "ethers";

/** Above any block: nothing lost (and within an INTEGER column on both databases). */
export const NOTHING_LOST = 2 ** 31 - 1;

/**
 * The lowest of `blocks` (newest first, as noted when something landed in them) that the chain no
 * longer holds with the same hash, or {@link NOTHING_LOST}. A block's hash commits to its ancestors, so
 * the walk stops at the first block still there: usually one read.
 */
export async function firstLostBlock(
  provider: Provider,
  blocks: Array<{ number: number; hash: string }>,
): Promise<number> {
  let lostFrom = NOTHING_LOST;
  for (const b of blocks) {
    if ((await provider.getBlock(b.number))?.hash === b.hash) break;
    lostFrom = b.number;
  }
  return lostFrom;
}
