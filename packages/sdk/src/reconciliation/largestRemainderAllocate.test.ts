import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { largestRemainderAllocate } from "./largestRemainderAllocate.js";

/** Random basis-point shares for n members that sum to exactly 10,000. */
const sharesArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10_000];
    return points.slice(1).map((p, i) => ({ id: i + 1, weight: BigInt(p - points[i]) }));
  }),
);

describe("largestRemainderAllocate", () => {
  it("sums exactly to the total, each part within one minor unit of its exact share", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), sharesArb, (total, weights) => {
        const allocation = largestRemainderAllocate(total, weights, 10_000n);
        let sum = 0n;
        for (const w of weights) {
          const part = allocation.get(w.id)!;
          sum += part;
          const diff = part * 10_000n - total * w.weight;
          expect(diff > -10_000n && diff < 10_000n).toBe(true);
        }
        expect(sum).toBe(total);
      }),
      { seed: 20261, numRuns: 500 },
    );
  });

  it("gives a leftover unit to the lower id when remainders tie", () => {
    const a = largestRemainderAllocate(
      1n,
      [
        { id: 2, weight: 5_000n },
        { id: 1, weight: 5_000n },
      ],
      10_000n,
    );
    expect(a.get(1)).toBe(1n);
    expect(a.get(2)).toBe(0n);
  });

  it("gives leftover units to the largest remainders first", () => {
    // Exact shares 33.33, 33.33 and 33.34: the one leftover unit goes to the largest remainder (0.34).
    const a = largestRemainderAllocate(
      100n,
      [
        { id: 1, weight: 3_333n },
        { id: 2, weight: 3_333n },
        { id: 3, weight: 3_334n },
      ],
      10_000n,
    );
    expect([a.get(1), a.get(2), a.get(3)]).toEqual([33n, 33n, 34n]);
  });

  it("refuses weights that do not sum to the denominator, and a negative total", () => {
    expect(() => largestRemainderAllocate(10n, [{ id: 1, weight: 9_999n }], 10_000n)).toThrow(/sum to 9999/);
    expect(() => largestRemainderAllocate(-1n, [{ id: 1, weight: 10_000n }], 10_000n)).toThrow(RangeError);
  });
});
