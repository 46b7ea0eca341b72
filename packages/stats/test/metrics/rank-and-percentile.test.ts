import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../src/metrics/numerics/average-ranks';
import { percentileOfSorted } from '../../src/metrics/numerics/percentile';

describe('averageRanks', () => {
  it('shares the average rank among ties, as SciPy rankdata(method="average")', () => {
    const { ranks, tieGroupSizes } = averageRanks([10, 20, 20, 5, 20, 1]);
    // sorted: 1 (1), 5 (2), 10 (3), 20 20 20 (4, 5, 6 → 5)
    expect(Array.from(ranks)).toEqual([3, 5, 5, 2, 5, 1]);
    expect(tieGroupSizes).toEqual([3]);
  });
});

describe('percentileOfSorted', () => {
  it("interpolates linearly like NumPy's default percentile", () => {
    const sorted = Float64Array.of(1, 2, 3, 4);
    expect(percentileOfSorted(sorted, 0)).toBe(1);
    expect(percentileOfSorted(sorted, 0.25)).toBe(1.75); // position 0.75 → 1 + 0.75·(2 − 1)
    expect(percentileOfSorted(sorted, 0.5)).toBe(2.5);
    expect(percentileOfSorted(sorted, 1)).toBe(4);
    expect(percentileOfSorted(Float64Array.of(7), 0.975)).toBe(7);
    expect(percentileOfSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});
