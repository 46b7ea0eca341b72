import { describe, expect, it } from 'vitest';
import {
  kolmogorovSurvival,
  ksPValue,
  ksStatistic,
  ksTwoSample,
  smirnovSurvival,
} from '../../src/drift/index';
import { normal, testRandom } from '../helpers';

/** Every way to split the pooled values into samples of sizes n and m: the exact permutation distribution. */
function bruteForcePValue(reference: number[], current: number[]): number {
  const pooled = [...reference, ...current];
  const observed = ksStatistic(sorted(reference), sorted(current));
  let extreme = 0;
  let total = 0;
  const choose = (start: number, picked: number[]) => {
    if (picked.length === reference.length) {
      const chosen = new Set(picked);
      const a = picked.map((i) => pooled[i] as number);
      const b = pooled.filter((_, i) => !chosen.has(i));
      total++;
      if (ksStatistic(sorted(a), sorted(b)) >= observed - 1e-12) extreme++;
      return;
    }
    for (let i = start; i < pooled.length; i++) choose(i + 1, [...picked, i]);
  };
  choose(0, []);
  return extreme / total;
}

const sorted = (values: number[]) => Float64Array.from(values).sort();

describe('two-sample Kolmogorov–Smirnov, as SciPy ks_2samp', () => {
  it('separated samples of 3: D = 1 and p = 2/C(6, 3) = 0.1 (hand-worked)', () => {
    const result = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(result).toEqual({ statistic: 1, pValue: expect.closeTo(0.1, 12), method: 'exact' });
  });

  it('matches brute-force enumeration of every split on tiny samples, equal and unequal sizes', () => {
    const random = testRandom(7);
    for (const [n, m] of [
      [3, 4],
      [4, 4],
      [5, 3],
      [2, 7],
      [6, 5],
      [5, 5],
    ] as const) {
      for (let trial = 0; trial < 4; trial++) {
        const reference = Array.from({ length: n }, () => normal(random));
        const current = Array.from({ length: m }, () => normal(random) + trial * 0.5);
        const result = ksTwoSample(reference, current);
        expect(result.method).toBe('exact');
        expect(result.pValue).toBeCloseTo(bruteForcePValue(reference, current), 12);
      }
    }
  });

  it('ties are stepped together in the ECDFs (SciPy gives D = 11/21, p = 0.2773892773892773)', () => {
    const result = ksTwoSample([1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5]);
    expect(result.statistic).toBeCloseTo(11 / 21, 12);
    expect(result.pValue).toBeCloseTo(0.2773892773892773, 10);
  });

  it('is exact up to 10,000 values per side and asymptotic beyond, like method="auto"', () => {
    expect(ksPValue(0.05, 10_000, 900).method).toBe('exact');
    expect(ksPValue(0.05, 10_001, 900).method).toBe('asymptotic');
    // SciPy: ks_2samp on samples of 20,000 and 900 with D = 0.03097222222222218 gives p = 0.3730937272631878.
    expect(ksPValue(0.03097222222222218, 20_000, 900).pValue).toBeCloseTo(0.3730937272631878, 8);
  });

  it('the exact and asymptotic p-values agree closely for moderately large samples', () => {
    const exact = ksPValue(0.06, 2000, 3000, 'exact');
    const asymptotic = ksPValue(0.06, 2000, 3000, 'asymptotic');
    expect(exact.pValue).toBeGreaterThan(1e-4);
    expect(Math.abs(exact.pValue - asymptotic.pValue) / exact.pValue).toBeLessThan(0.05);
  });

  it('weighted ECDFs: weights act as repeated values', () => {
    expect(ksStatistic([1, 2], [1, 2], [3, 1], [1, 3])).toBeCloseTo(0.5, 15);
    expect(ksStatistic([1, 2], [1, 1, 1, 2])).toBeCloseTo(0.25, 15);
  });

  it('refuses an empty sample', () => {
    expect(() => ksTwoSample([], [1])).toThrow(/at least one value/);
  });
});

describe('Kolmogorov distribution (SciPy kstwo.sf and special.smirnov)', () => {
  it('one-sided Smirnov: P(D₁⁺ ≥ d) = 1 − d (hand-worked) and P(D₂⁺ ≥ d) = (1 − d)² + … ', () => {
    expect(smirnovSurvival(1, 0.3)).toBeCloseTo(0.7, 15);
    // n = 2, d = 0.3: d·[(1−d)²/d + 2·(0.5−d)·1] = 0.49 + 0.12 = 0.61
    expect(smirnovSurvival(2, 0.3)).toBeCloseTo(0.61, 15);
  });

  it('the exact tail 2(1 − x)ⁿ and the Ruben–Gambino lower end (hand-worked)', () => {
    expect(kolmogorovSurvival(0.9, 10)).toBeCloseTo(2 * 0.1 ** 10, 20);
    // n = 2, x = 0.4 (t = 0.8 ≤ 1): P(D < x) = 2!/2²·(2·0.8 − 1)² = 0.18
    expect(kolmogorovSurvival(0.4, 2)).toBeCloseTo(0.82, 14);
    expect(kolmogorovSurvival(0.2, 2)).toBe(1);
  });

  it('agrees with SciPy 1.17 in each of its regimes (Durbin matrix, Smirnov tail, Pelz–Good)', () => {
    const cases: [number, number, number][] = [
      [0.5, 10, 0.00777741],
      [0.3, 30, 0.006852243362913235],
      [0.15, 30, 0.46487280400905384],
      [0.1, 200, 0.03411035080315383],
      [0.05, 1000, 0.013012074781090332],
      [0.03, 1000, 0.3226902143914636],
      [0.01, 1000, 0.9999496745370611],
      [0.003, 200_000, 0.0545369786611305],
    ];
    for (const [x, n, expected] of cases) expect(kolmogorovSurvival(x, n)).toBeCloseTo(expected, 9);
  });
});
