import { describe, expect, it } from 'vitest';
import { averagePrecision, prepareAveragePrecision, type MetricWarning } from '../../src/metrics/index';
import { randomBinaryData, randomIntegers, repeatRows } from './random-data';

/**
 * The step-wise definition computed the slow way: for each distinct threshold t, from high to low, count
 * the rows with score ≥ t afresh, and add (Rₙ − Rₙ₋₁)·Pₙ. O(n²).
 */
function stepwiseAveragePrecision(labels: number[], scores: number[]): number {
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  const positives = labels.filter((label) => label === 1).length;
  let previousRecall = 0;
  let sum = 0;
  for (const threshold of thresholds) {
    let truePositives = 0;
    let predicted = 0;
    scores.forEach((score, i) => {
      if (score >= threshold) {
        predicted++;
        if (labels[i] === 1) truePositives++;
      }
    });
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / predicted);
    previousRecall = recall;
  }
  return sum;
}

describe('averagePrecision', () => {
  it("matches scikit-learn's average_precision_score docstring example", () => {
    // thresholds .8 → P 1, R ½;  .4 → P ½, R ½;  .35 → P ⅔, R 1;  .1 → P ½, R 1
    // AP = ½·1 + 0·½ + ½·⅔ + 0·½ = 0.8333…
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
  });

  it('takes tied scores as one threshold', () => {
    // labels [0,0,1,1,0,1], scores [.2,.5,.5,.9,.9,.1]:
    //   ≥ .9: TP 1, FP 1 → P ½, R ⅓;   ≥ .5: TP 2, FP 2 → P ½, R ⅔;
    //   ≥ .2: TP 2, FP 3 → P ⅖, R ⅔;   ≥ .1: TP 3, FP 3 → P ½, R 1.
    //   AP = ⅓·½ + ⅓·½ + 0·⅖ + ⅓·½ = ½
    expect(averagePrecision([0, 0, 1, 1, 0, 1], [0.2, 0.5, 0.5, 0.9, 0.9, 0.1])).toBeCloseTo(0.5, 15);
  });

  it('is the prevalence when every score is equal, and 1 when perfect', () => {
    expect(averagePrecision([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBeCloseTo(3 / 5, 15);
    expect(averagePrecision([0, 1, 1, 0], [0.1, 0.8, 0.9, 0.2])).toBe(1);
  });

  it('is not the trapezoidal area', () => {
    // Trapezoids would interpolate between (R ½, P ½) and (R 1, P ⅔) and give 0.7917 for the docstring case.
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).not.toBeCloseTo(0.7917, 3);
  });

  it('equals the brute-force step-wise sum on random data with ties', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { labels, scores } = randomBinaryData(seed, 5 + seed * 3, seed % 2 === 0 ? 1 : 2);
      if (!labels.includes(1)) continue;
      expect(averagePrecision(labels, scores)).toBeCloseTo(stepwiseAveragePrecision(labels, scores), 14);
    }
  });

  it('treats integer weights as repeated rows', () => {
    const { labels, scores } = randomBinaryData(21, 60);
    const weights = randomIntegers(22, 60, 4);
    expect(averagePrecision(labels, scores, { weights })).toBeCloseTo(
      stepwiseAveragePrecision(repeatRows(labels, weights), repeatRows(scores, weights)),
      14,
    );
  });

  it('is NaN with an "undefined" warning when there are no positive labels', () => {
    const warnings: MetricWarning[] = [];
    expect(
      averagePrecision([0, 0], [0.2, 0.5], { onWarning: (warning) => warnings.push(warning) }),
    ).toBeNaN();
    expect(warnings[0]).toMatchObject({ metric: 'average_precision', code: 'undefined' });
    // Only negatives is fine: AP is defined (and here 1: the positive ranks first).
    expect(averagePrecision([1, 0], [0.9, 0.5])).toBe(1);
  });

  it('prepared once, gives the same value under any weights', () => {
    const { labels, scores } = randomBinaryData(31, 80);
    const prepared = prepareAveragePrecision(labels, scores);
    const weights = randomIntegers(32, 80, 3);
    expect(prepared(undefined)).toBe(averagePrecision(labels, scores));
    expect(prepared(weights)).toBe(averagePrecision(labels, scores, { weights }));
  });
});
