import { describe, expect, it } from 'vitest';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
  type MetricWarning,
} from '../../src/metrics/index';
import { weightedMedian } from '../../src/metrics/regression/weighted-median';
import { randomIntegers, repeatRows } from './random-data';

// scikit-learn's regression docstring example: errors y − ŷ = [0.5, −0.5, 0, −1].
const truth = [3, -0.5, 2, 7];
const predictions = [2.5, 0, 2, 8];

describe('regression metrics', () => {
  it("match scikit-learn's docstring examples", () => {
    expect(meanAbsoluteError(truth, predictions)).toBe(0.5); // (0.5 + 0.5 + 0 + 1) / 4
    expect(rootMeanSquaredError(truth, predictions)).toBeCloseTo(Math.sqrt(0.375), 15); // √((0.25 + 0.25 + 0 + 1) / 4)
    // SS_res = 1.5; ȳ = 2.875, SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875
    expect(r2Score(truth, predictions)).toBeCloseTo(1 - 1.5 / 29.1875, 15); // 0.948608…
    // (0.5/3 + 0.5/0.5 + 0/2 + 1/7) / 4 = 0.327380…
    expect(meanAbsolutePercentageError(truth, predictions)).toBeCloseTo((0.5 / 3 + 1 + 0 + 1 / 7) / 4, 15);
    expect(medianAbsoluteError(truth, predictions)).toBe(0.5); // median of [0, 0.5, 0.5, 1]
  });

  it('are perfect for perfect predictions', () => {
    expect(meanAbsoluteError(truth, truth)).toBe(0);
    expect(rootMeanSquaredError(truth, truth)).toBe(0);
    expect(r2Score(truth, truth)).toBe(1);
    expect(meanAbsolutePercentageError(truth, truth)).toBe(0);
    expect(medianAbsoluteError(truth, truth)).toBe(0);
  });

  it('treat integer weights as repeated rows', () => {
    const values = randomIntegers(1, 30, 20).map((value) => value - 5);
    const predicted = randomIntegers(2, 30, 20).map((value) => value - 4.5);
    const weights = randomIntegers(3, 30, 4);
    weights[0] = 1;
    for (const metric of [
      meanAbsoluteError,
      rootMeanSquaredError,
      r2Score,
      meanAbsolutePercentageError,
      medianAbsoluteError,
    ]) {
      expect(metric(values, predicted, { weights })).toBeCloseTo(
        metric(repeatRows(values, weights), repeatRows(predicted, weights)),
        12,
      );
    }
  });
});

describe('r2Score conventions', () => {
  it("follows scikit-learn's force_finite for a constant truth, with a warning", () => {
    const warnings: MetricWarning[] = [];
    const onWarning = (warning: MetricWarning) => warnings.push(warning);
    expect(r2Score([2, 2, 2], [2, 2, 2], { onWarning })).toBe(1); // perfect
    expect(r2Score([2, 2, 2], [2, 2, 3], { onWarning })).toBe(0); // SS_tot = 0, SS_res > 0
    expect(warnings.map((warning) => warning.code)).toEqual(['convention', 'convention']);
  });

  it('is NaN for a single row, as in scikit-learn', () => {
    const warnings: MetricWarning[] = [];
    expect(r2Score([1], [2], { onWarning: (warning) => warnings.push(warning) })).toBeNaN();
    expect(warnings[0]).toMatchObject({ metric: 'r2', code: 'undefined' });
  });

  it('can be negative: worse than predicting the mean', () => {
    // ȳ = 2, SS_tot = 2; SS_res = 9 + 9 = 18 (predictions [4, 0] for truth [1, 3]) → 1 − 9
    expect(r2Score([1, 3], [4, 0])).toBe(-8);
  });
});

describe('meanAbsolutePercentageError', () => {
  it('divides by max(|y|, 2⁻⁵²), so a zero truth gives a huge but finite term', () => {
    expect(meanAbsolutePercentageError([0], [1])).toBe(1 / Number.EPSILON);
  });
});

describe('weightedMedian', () => {
  it('averages the two middle values of an even total and picks the middle of an odd one', () => {
    expect(weightedMedian([1, 3, 2, 4], undefined)).toBe(2.5);
    expect(weightedMedian([5, 1, 3], undefined)).toBe(3);
    // weights [1, 1, 2] → repeated [1, 2, 3, 3] → (2 + 3) / 2
    expect(weightedMedian([1, 2, 3], [1, 1, 2])).toBe(2.5);
    // weights [3, 1, 1] → repeated [1, 1, 1, 2, 3] → 1
    expect(weightedMedian([1, 2, 3], [3, 1, 1])).toBe(1);
    // a zero-weight row between the middles is skipped: repeated [1, 3]
    expect(weightedMedian([1, 2, 3], [1, 0, 1])).toBe(2);
  });
});
