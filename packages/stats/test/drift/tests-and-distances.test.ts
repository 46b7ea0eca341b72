import { describe, expect, it } from 'vitest';
import {
  chiSquareGoodnessOfFit,
  chiSquareSurvival,
  fillEmptyShares,
  jensenShannonDistance,
  logGamma,
  normedWassersteinDistance,
  populationStabilityIndex,
  proportionZTest,
  regularizedGammaP,
  regularizedGammaQ,
  wassersteinDistance,
} from '../../src/drift/index';

describe('incomplete gamma and the chi-square survival', () => {
  it('gives the 5% critical values of the chi-square tables', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(6.634896601021214, 1)).toBeCloseTo(0.01, 12);
  });

  it('has closed forms to check: Q(1, x) = e^−x, 2 df: e^(−x/2), Q(½, x) = erfc(√x)', () => {
    for (const x of [0.01, 0.5, 2, 10, 40]) {
      expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
      expect(chiSquareSurvival(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
    }
    expect(regularizedGammaQ(0.5, 2)).toBeCloseTo(0.04550026389635857, 14); // erfc(√2)
    // P(3, x) = 1 − e^−x (1 + x + x²/2); at x = 1: 1 − 2.5/e
    expect(regularizedGammaP(3, 1)).toBeCloseTo(1 - 2.5 / Math.E, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it('keeps a deep upper tail accurate (4 df: e^(−x/2)(1 + x/2))', () => {
    const x = 200;
    expect(chiSquareSurvival(x, 4) / (Math.exp(-x / 2) * (1 + x / 2))).toBeCloseTo(1, 10);
  });
});

describe('chi-square goodness of fit (Evidently chisquare)', () => {
  it('expected = reference share × current n; SciPy chisquare([18, 22, 20, 40], [25]*4) = 12.32, p 0.006363629995', () => {
    const result = chiSquareGoodnessOfFit([50, 50, 50, 50], [18, 22, 20, 40]);
    expect(result.statistic).toBeCloseTo(12.32, 12);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.pValue).toBeCloseTo(0.006363629995195269, 12);
  });

  it('a category the reference never had gives χ² = ∞ and p = 0', () => {
    expect(chiSquareGoodnessOfFit([10, 10, 0], [10, 9, 1])).toEqual({
      statistic: Infinity,
      pValue: 0,
      degreesOfFreedom: 2,
    });
  });

  it('identical shares give χ² = 0 and p = 1', () => {
    expect(chiSquareGoodnessOfFit([1, 2, 3], [10, 20, 30]).pValue).toBeCloseTo(1, 15);
  });
});

describe('two-proportion z-test (Evidently z)', () => {
  it('hand-worked: 30/100 against 50/100 — P = 0.4, z = −0.2/√(0.24·0.02), p = 2Φ(−|z|)', () => {
    const result = proportionZTest(30, 100, 50, 100);
    expect(result.statistic).toBeCloseTo(-0.2 / Math.sqrt(0.0048), 12);
    expect(result.pValue).toBeCloseTo(0.003892417122778637, 10);
  });

  it('one and the same value on both sides: p = 1', () => {
    expect(proportionZTest(0, 50, 0, 80).pValue).toBe(1);
  });
});

describe('Wasserstein distance (SciPy wasserstein_distance) and Evidently’s norming', () => {
  it('reproduces SciPy’s docstring examples', () => {
    expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 14);
    expect(wassersteinDistance([0, 1], [0, 1], [3, 1], [2, 2])).toBeCloseTo(0.25, 14);
    expect(
      wassersteinDistance([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5]),
    ).toBeCloseTo(4.0781331438047861, 12);
  });

  it('a shift by c moves the distance by c; norming divides by max(std, 0.001)', () => {
    const values = [1, 4, 2, 8, 5, 7];
    expect(
      wassersteinDistance(
        values,
        values.map((v) => v + 0.75),
      ),
    ).toBeCloseTo(0.75, 14);
    expect(normedWassersteinDistance(0.3, 2)).toBeCloseTo(0.15, 15);
    expect(normedWassersteinDistance(0.3, 0)).toBeCloseTo(300, 10);
  });
});

describe('Jensen–Shannon distance, base 2 (SciPy jensenshannon)', () => {
  it('reproduces SciPy’s docstring examples', () => {
    expect(jensenShannonDistance([1, 0, 0], [0, 1, 0])).toBeCloseTo(1, 15);
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(0.5579230452920648, 9);
    expect(jensenShannonDistance([1, 0, 0], [1, 0, 0])).toBe(0);
  });

  it('normalizes counts like SciPy, and the natural-log base scales by √ln 2', () => {
    expect(jensenShannonDistance([2, 0], [1, 1])).toBeCloseTo(0.5579230452920648, 9);
    expect(jensenShannonDistance([1, 0], [0.5, 0.5], Math.E)).toBeCloseTo(
      0.5579230452920648 * Math.sqrt(Math.LN2),
      9,
    );
  });
});

describe('population stability index (Evidently psi)', () => {
  it('hand-worked: [0.5, 0.5] → [0.25, 0.75] is 0.25·ln 2 − 0.25·ln(2/3)', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(
      0.25 * Math.LN2 - 0.25 * Math.log(2 / 3),
      14,
    );
  });

  it('fills empty bins with 0.0001, or min share / 10⁶ when that is smaller, as Evidently does', () => {
    expect(fillEmptyShares([0.5, 0, 0.5])).toEqual([0.5, 0.0001, 0.5]);
    expect(fillEmptyShares([0.99995, 0.00005, 0])).toEqual([0.99995, 0.00005, 0.00005 / 1e6]);
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1])).toBeCloseTo(
      0.1 * Math.log(0.5 / 0.4) + (0.0001 - 0.1) * Math.log(0.0001 / 0.1),
      14,
    );
  });
});
