import { describe, expect, it } from 'vitest';
import {
  accuracy,
  binaryConfusionMatrix,
  f1Score,
  precision,
  recall,
  type MetricWarning,
} from '../../src/metrics/index';

// labels  1    1    1    0    0    0    1    0
// scores .9   .6   .4   .7   .2   .5   .5   .1
// ≥ 0.5    1    1    0    1    0    1    1    0
// outcome TP   TP   FN   FP   TN   FP   TP   TN   → TP 3, FP 2, FN 1, TN 2
const labels = [1, 1, 1, 0, 0, 0, 1, 0];
const scores = [0.9, 0.6, 0.4, 0.7, 0.2, 0.5, 0.5, 0.1];

describe('thresholded binary metrics', () => {
  it('count the confusion matrix with score ≥ threshold as positive', () => {
    expect(binaryConfusionMatrix(labels, scores)).toEqual({
      trueNegatives: 2,
      falsePositives: 2,
      falseNegatives: 1,
      truePositives: 3,
    });
  });

  it('derive accuracy, precision, recall and F1 from it', () => {
    expect(accuracy(labels, scores)).toBe(5 / 8); // (3 + 2) / 8
    expect(precision(labels, scores)).toBe(3 / 5); // 3 / (3 + 2)
    expect(recall(labels, scores)).toBe(3 / 4); // 3 / (3 + 1)
    expect(f1Score(labels, scores)).toBe(6 / 9); // 2·3 / (2·3 + 2 + 1) = harmonic mean of 3/5 and 3/4
  });

  it('move with the threshold', () => {
    // ≥ 0.65: predicted 1 only for .9 and .7 → TP 1, FP 1, FN 3, TN 3
    expect(binaryConfusionMatrix(labels, scores, { threshold: 0.65 })).toEqual({
      trueNegatives: 3,
      falsePositives: 1,
      falseNegatives: 3,
      truePositives: 1,
    });
    expect(accuracy(labels, scores, { threshold: 0.65 })).toBe(4 / 8);
  });

  it('treat integer weights as repeated rows', () => {
    const weights = [2, 0, 1, 3, 1, 1, 0, 2];
    const repeatedLabels = labels.flatMap((label, i) => Array<number>(weights[i]!).fill(label));
    const repeatedScores = scores.flatMap((score, i) => Array<number>(weights[i]!).fill(score));
    for (const metric of [accuracy, precision, recall, f1Score]) {
      expect(metric(labels, scores, { weights })).toBeCloseTo(metric(repeatedLabels, repeatedScores), 15);
    }
  });

  it('score perfect predictions as 1', () => {
    const perfect = [0.8, 0.9, 0.7, 0.1, 0.2, 0.3, 0.99, 0];
    for (const metric of [accuracy, precision, recall, f1Score]) expect(metric(labels, perfect)).toBe(1);
  });

  it('return 0 with a zero-division warning when a ratio is 0/0, as scikit-learn does', () => {
    const warnings: MetricWarning[] = [];
    const onWarning = (warning: MetricWarning) => warnings.push(warning);
    // Nothing predicted positive: precision = 0/0.
    expect(precision([1, 0], [0.1, 0.2], { onWarning })).toBe(0);
    // No positive labels: recall = 0/0.
    expect(recall([0, 0], [0.9, 0.2], { onWarning })).toBe(0);
    // No positive labels and no positive predictions: F1 = 0/0.
    expect(f1Score([0, 0], [0.1, 0.2], { onWarning })).toBe(0);
    expect(warnings.map((warning) => [warning.metric, warning.code])).toEqual([
      ['precision', 'zero-division'],
      ['recall', 'zero-division'],
      ['f1', 'zero-division'],
    ]);
    expect(precision([1, 0], [0.1, 0.2], { zeroDivision: Number.NaN })).toBeNaN();
  });

  it('give F1 = 0 without a warning when precision alone is undefined (TP = FP = 0, FN > 0)', () => {
    const warnings: MetricWarning[] = [];
    expect(f1Score([1, 0], [0.1, 0.2], { onWarning: (warning) => warnings.push(warning) })).toBe(0);
    expect(warnings).toEqual([]);
  });
});
