import { describe, expect, it } from 'vitest';
import {
  correctPredictions,
  mcnemarFromCounts,
  mcnemarTest,
  MetricInputError,
  thresholdScores,
} from '../../src/metrics/index';

describe('mcnemarTest', () => {
  it('counts only the discordant rows', () => {
    // rows: both right, cand only, cand only, base only, both wrong, cand only
    const result = mcnemarTest([1, 1, 1, 0, 0, 1], [1, 0, 0, 1, 0, 0]);
    expect(result.candidateOnlyCorrect).toBe(3);
    expect(result.baselineOnlyCorrect).toBe(1);
    // b + c = 4 < 25 → exact: 2·P(X ≤ 1 | n = 4, ½) = 2·(1 + 4) / 16
    expect(result.method).toBe('exact-binomial');
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBeCloseTo(10 / 16, 15);
  });

  it('caps the exact p-value at 1 when b = c, and gives 1 without discordant rows', () => {
    expect(mcnemarFromCounts(3, 3).pValue).toBe(1); // 2·P(X ≤ 3 | 6, ½) = 2·42/64 > 1
    expect(mcnemarFromCounts(0, 0).pValue).toBe(1);
    expect(mcnemarFromCounts(0, 0, { exact: false }).pValue).toBe(1);
  });

  it('matches statsmodels mcnemar(exact=True) — b = 10, c = 14', () => {
    // 2·P(X ≤ 10 | 24, ½) = 2·4540386 / 2²⁴ = 0.5412561893463135 (statsmodels prints the same)
    const result = mcnemarFromCounts(10, 14);
    expect(result.method).toBe('exact-binomial');
    expect(result.pValue).toBeCloseTo(0.5412561893463135, 15);
  });

  it("switches to the continuity-corrected chi-square at 25 discordant rows (Agresti's approval table)", () => {
    // Agresti (2002) §10.1: 86 approve→disapprove, 150 disapprove→approve.
    // χ² = (|86 − 150| − 1)² / 236 = 63² / 236 = 16.8178; P(χ²₁ > 16.8178) = 4.1146e-5
    const result = mcnemarFromCounts(86, 150);
    expect(result.method).toBe('chi-square-corrected');
    expect(result.statistic).toBeCloseTo(3969 / 236, 13);
    expect(result.pValue).toBeCloseTo(4.114562281345945e-5, 17);
    expect(mcnemarFromCounts(12, 12).method).toBe('exact-binomial'); // 24
    expect(mcnemarFromCounts(12, 13).method).toBe('chi-square-corrected'); // 25
  });

  it('lets the caller force either method', () => {
    // b = 3, c = 7 with the chi-square: (4 − 1)² / 10 = 0.9
    expect(mcnemarFromCounts(3, 7, { exact: false }).statistic).toBeCloseTo(0.9, 15);
    // b = 86, c = 150 exactly: statistic min(b, c)
    expect(mcnemarFromCounts(86, 150, { exact: true }).statistic).toBe(86);
  });

  it('builds correctness from labels and thresholded scores', () => {
    const labels = [1, 0, 1, 0];
    const candidate = correctPredictions(labels, thresholdScores([0.9, 0.2, 0.7, 0.6]));
    const baseline = correctPredictions(labels, thresholdScores([0.4, 0.3, 0.8, 0.1]));
    expect(Array.from(candidate)).toEqual([1, 1, 1, 0]);
    expect(Array.from(baseline)).toEqual([0, 1, 1, 1]);
    expect(mcnemarTest(candidate, baseline)).toMatchObject({
      candidateOnlyCorrect: 1,
      baselineOnlyCorrect: 1,
    });
  });

  it('rejects values that are not correctness marks', () => {
    expect(() => mcnemarTest([1, 2], [1, 0])).toThrow(MetricInputError);
    expect(() => mcnemarTest([1, 2], [1, 0])).toThrow('mcnemar: candidateCorrect[1] is 2');
    expect(() => mcnemarTest([1], [1, 0])).toThrow('mcnemar: baselineCorrect has 2 rows');
    expect(() => mcnemarFromCounts(1.5, 2)).toThrow('mcnemar: candidateOnlyCorrect is 1.5');
  });
});
