import { describe, expect, it } from 'vitest';
import { wilcoxonAbsoluteErrors, wilcoxonSignedRank } from '../../src/metrics/index';
import { signedRankCounts, signedRankExactPValue } from '../../src/metrics/numerics/signed-rank-distribution';

// SciPy's wilcoxon docstring example: Fisher's differences in height between cross- and self-fertilised plants.
const fisherDifferences = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

/** Enumerates all 2ⁿ sign patterns of the ranks 1..n: the definition of the exact two-sided p-value. */
function bruteForcePValue(positiveRankSum: number, n: number): number {
  let atMost = 0;
  let atLeast = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let sum = 0;
    for (let rank = 1; rank <= n; rank++) if (mask & (1 << (rank - 1))) sum += rank;
    if (sum <= positiveRankSum) atMost++;
    if (sum >= positiveRankSum) atLeast++;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / 2 ** n);
}

describe('signed-rank null distribution', () => {
  it('counts the subsets of {1..n} with each sum', () => {
    // {} 0 | {1} 1 | {2} 2 | {3}, {1,2} 3 | {1,3} 4 | {2,3} 5 | {1,2,3} 6
    expect(Array.from(signedRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect(signedRankCounts(50).reduce((sum, count) => sum + count, 0)).toBe(2 ** 50); // still exact
  });

  it('gives the p-value of enumerating every sign pattern', () => {
    for (let n = 1; n <= 12; n++) {
      for (let w = 0; w <= (n * (n + 1)) / 2; w++) {
        expect(signedRankExactPValue(w, n)).toBeCloseTo(bruteForcePValue(w, n), 15);
      }
    }
  });
});

describe('wilcoxonSignedRank', () => {
  it("reproduces SciPy's docstring example with the exact distribution", () => {
    // W₋ = rank(48) + rank(67) = 10 + 14 = 24; W₊ = 120 − 24 = 96.
    const result = wilcoxonSignedRank(fisherDifferences);
    expect(result.method).toBe('exact');
    expect(result.statistic).toBe(24);
    expect(result.positiveRankSum).toBe(96);
    expect(result.pValue).toBe(0.041259765625); // SciPy: WilcoxonResult(statistic=24.0, pvalue=0.041259765625)
  });

  it("reproduces SciPy's normal approximation of the same example", () => {
    // μ = 15·16/4 = 60, σ² = 15·16·31/24 = 310: z = (96 − 60)/√310 = 2.0447; p = 2·Φ(−2.0447)
    const result = wilcoxonSignedRank(fisherDifferences, { method: 'normal-approximation' });
    expect(result.z).toBeCloseTo(-36 / Math.sqrt(310), 14);
    expect(result.pValue).toBeCloseTo(0.04088813291185591, 15);
  });

  it('uses the normal approximation with tie correction above 50 differences (SciPy 1.10.1 reference)', () => {
    // dᵢ = ((7i) mod 11) − 4: integers in −4..6 with many ties and zeros.
    const differences = Array.from({ length: 60 }, (_, i) => ((i * 7) % 11) - 4);
    const result = wilcoxonSignedRank(differences);
    expect(result.method).toBe('normal-approximation');
    expect(result.zeroCount).toBeGreaterThan(0);
    expect(result.statistic).toBe(495);
    expect(result.pValue).toBeCloseTo(0.020689043721346168, 15);
  });

  it('uses the normal approximation for 14–50 differences with ties, as SciPy ≥ 1.15 does', () => {
    const differences = Array.from({ length: 30 }, (_, i) => ((i * 7) % 11) - 4);
    const result = wilcoxonSignedRank(differences);
    expect(result.method).toBe('normal-approximation');
    expect(result.statistic).toBe(129);
    expect(result.pValue).toBeCloseTo(0.09072862705511989, 15);
  });

  it('enumerates sign flips for at most 13 differences with ties', () => {
    // |d| = 1, 1, 2 → ranks 1.5, 1.5, 3; W₊ = 6. The 8 patterns give W₊ ∈ {0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6}:
    // P(W₊ ≥ 6) = 1/8 → p = 2/8.
    const result = wilcoxonSignedRank([1, 1, 2]);
    expect(result.method).toBe('exact-permutation');
    expect(result.hasTies).toBe(true);
    expect(result.pValue).toBe(0.25);
  });

  it('drops zeros (zero_method="wilcox") and enumerates when they are present', () => {
    // [0, 2, −1, 3] → [2, −1, 3], ranks 2, 1, 3: W₊ = 5, W₋ = 1. Sums over {1, 2, 3}: 0 1 2 3 3 4 5 6,
    // P(W₊ ≥ 5) = 2/8 → p = 4/8.
    const result = wilcoxonSignedRank([0, 2, -1, 3]);
    expect(result).toMatchObject({
      method: 'exact-permutation',
      zeroCount: 1,
      nonZeroCount: 3,
      statistic: 1,
    });
    expect(result.pValue).toBe(0.5);
  });

  it('gives p = 1 when every difference is zero', () => {
    expect(wilcoxonSignedRank([0, 0, 0]).pValue).toBe(1);
    expect(wilcoxonSignedRank(new Array<number>(80).fill(0)).pValue).toBe(1);
  });

  it('rejects non-finite differences and unknown methods', () => {
    expect(() => wilcoxonSignedRank([1, Number.NaN])).toThrow('wilcoxon: differences[1] is NaN');
    expect(() => wilcoxonSignedRank([])).toThrow('wilcoxon: differences is empty');
    expect(() => wilcoxonSignedRank([1, 2], { method: 'permutation' as 'exact' })).toThrow(
      'wilcoxon: method',
    );
  });
});

describe('wilcoxonAbsoluteErrors', () => {
  it('tests |candidate error| − |baseline error| row by row', () => {
    // |errors| candidate [1, 2, 0, 4], baseline [3, 1, 5, 0] → d = [−2, 1, −5, 4]
    // ranks of |d|: 2, 1, 4, 3 → W₊ = 1 + 3 = 4, W₋ = 6. Counts for n = 4: [1,1,1,2,2,2,2,2,1,1,1]:
    // P(W ≤ 4) = 7/16 → p = 14/16.
    const result = wilcoxonAbsoluteErrors([10, 20, 30, 40], [11, 18, 30, 44], [13, 21, 35, 40]);
    expect(result).toMatchObject({ method: 'exact', positiveRankSum: 4, negativeRankSum: 6, statistic: 4 });
    expect(result.pValue).toBe(0.875);
  });

  it('finds a clearly better regressor', () => {
    const truth = Array.from({ length: 40 }, (_, i) => i);
    const candidate = truth.map((value, i) => value + (i % 2 === 0 ? 0.1 : -0.1) * (1 + i / 40));
    const baseline = truth.map((value, i) => value + (i % 2 === 0 ? 1 : -1) * (1 + i / 40));
    const result = wilcoxonAbsoluteErrors(truth, candidate, baseline);
    expect(result.positiveRankSum).toBe(0); // the candidate is closer on every row
    expect(result.pValue).toBeLessThan(1e-6);
  });
});
