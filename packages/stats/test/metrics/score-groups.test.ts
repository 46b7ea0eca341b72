import { describe, expect, it } from 'vitest';
import { scoreGroups } from '../../src/metrics/binary/score-groups';
import { argsortFloat64 } from '../../src/metrics/numerics/argsort';
import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';

/** What the radix sort must reproduce: a stable comparison sort of the row indices. */
function comparisonOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
}

describe('score order for the ROC and precision–recall curves', () => {
  it('the radix order equals a stable comparison sort: ties in row order, negatives, ±0, infinities, tiny and huge values', () => {
    const random = new Xoshiro128(17);
    const special = [0, -0, 1, -1, 5e-324, -5e-324, 1e300, -1e300, Infinity, -Infinity, 0.5, 0.5];
    for (const n of [0, 1, 2, 1000, 70_000]) {
      const scores = Float64Array.from({ length: n }, () => {
        const pick = random.nextIndex(4);
        if (pick === 0) return special[random.nextIndex(special.length)]!;
        if (pick === 1) return Math.round(random.next() * 20) / 20; // many ties
        return (random.next() - 0.5) * 10 ** (random.nextIndex(12) - 6);
      });
      expect(Array.from(argsortFloat64(scores))).toEqual(comparisonOrder(scores));
    }
  });

  it('groups of equal scores (−0 and +0 are one group) with their positives in sorted order', () => {
    const groups = scoreGroups([1, 0, 1, 0, 1], [0.5, -0, 0.2, 0, 0.5]);
    expect(Array.from(groups.order)).toEqual([1, 3, 2, 0, 4]);
    expect(Array.from(groups.positive)).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(groups.groupEnds)).toEqual([2, 3, 5]);
  });
});
