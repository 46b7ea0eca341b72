import { describe, expect, it } from 'vitest';
import {
  macroF1,
  multiclassAccuracy,
  multiclassConfusionMatrix,
  multiclassLogLoss,
  predictedClasses,
  weightedF1,
  type MetricWarning,
} from '../../src/metrics/index';
import { randomIntegers, repeatRows } from './random-data';

// scikit-learn's f1_score docstring example.
const labels = [0, 1, 2, 0, 1, 2];
const predictions = [0, 2, 1, 0, 0, 1];

describe('multiclass metrics', () => {
  it('tally the confusion matrix with truth in rows and predictions in columns', () => {
    expect(multiclassConfusionMatrix(labels, predictions)).toEqual([
      [2, 0, 0],
      [1, 0, 1],
      [0, 2, 0],
    ]);
    expect(multiclassConfusionMatrix([0, 1], [0, 1], { classCount: 3 })).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('score accuracy as the trace over the total', () => {
    expect(multiclassAccuracy(labels, predictions)).toBe(2 / 6);
  });

  it("match scikit-learn's f1_score docstring example for macro and weighted F1", () => {
    // class 0: TP 2, FP 1, FN 0 → F1 = 4/5; classes 1 and 2: TP 0 → F1 = 0.
    // macro = (0.8 + 0 + 0) / 3 = 0.2667; weighted: supports 2, 2, 2 → the same.
    expect(macroF1(labels, predictions)).toBeCloseTo(0.8 / 3, 15);
    expect(weightedF1(labels, predictions)).toBeCloseTo(0.8 / 3, 15);
  });

  it('weight per-class F1 by support in weighted F1', () => {
    // truth [0,0,0,1], predictions [0,0,1,1]:
    //   class 0: TP 2, FP 0, FN 1 → 4/5;   class 1: TP 1, FP 1, FN 0 → 2/3
    //   macro = (4/5 + 2/3) / 2 = 11/15;  weighted = (3·4/5 + 1·2/3) / 4 = (12/5 + 2/3) / 4 = 23/30
    expect(macroF1([0, 0, 0, 1], [0, 0, 1, 1])).toBeCloseTo(11 / 15, 15);
    expect(weightedF1([0, 0, 0, 1], [0, 0, 1, 1])).toBeCloseTo(23 / 30, 15);
  });

  it('average only over classes present in labels or predictions, as scikit-learn does', () => {
    // class 2 never occurs, even with classCount 3: macro over classes 0 and 1 only.
    expect(macroF1([0, 0, 0, 1], [0, 0, 1, 1], { classCount: 3 })).toBeCloseTo(11 / 15, 15);
  });

  it('score perfect predictions as 1, and treat integer weights as repeated rows', () => {
    expect(macroF1([2, 0, 1], [2, 0, 1])).toBe(1);
    const truth = randomIntegers(1, 50, 4);
    const predicted = randomIntegers(2, 50, 4);
    const weights = randomIntegers(3, 50, 3);
    for (const metric of [multiclassAccuracy, macroF1, weightedF1]) {
      expect(metric(truth, predicted, { weights })).toBeCloseTo(
        metric(repeatRows(truth, weights), repeatRows(predicted, weights)),
        14,
      );
    }
  });

  it('pick the most probable class, the first on ties', () => {
    expect(
      Array.from(
        predictedClasses([
          [0.2, 0.5, 0.3],
          [0.4, 0.4, 0.2],
          [0.1, 0.1, 0.8],
        ]),
      ),
    ).toEqual([1, 0, 2]);
  });
});

describe('multiclassLogLoss', () => {
  it('averages −ln of the true class’s probability', () => {
    // −(ln 0.5 + ln 0.8) / 2 = (0.693147 + 0.223144) / 2 = 0.458145
    expect(
      multiclassLogLoss(
        [0, 2],
        [
          [0.5, 0.3, 0.2],
          [0.1, 0.1, 0.8],
        ],
      ),
    ).toBeCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2, 15);
  });

  it("matches scikit-learn's log_loss docstring example (ham = 0, spam = 1)", () => {
    const probabilities = [
      [0.1, 0.9],
      [0.9, 0.1],
      [0.8, 0.2],
      [0.35, 0.65],
    ];
    expect(multiclassLogLoss([1, 0, 0, 1], probabilities)).toBeCloseTo(0.21616, 5);
  });

  it('clips a zero probability of the true class to 2⁻⁵²', () => {
    expect(multiclassLogLoss([1], [[1, 0, 0]])).toBeCloseTo(52 * Math.LN2, 12);
  });

  it('warns, without renormalising, when a row does not sum to one', () => {
    const warnings: MetricWarning[] = [];
    const loss = multiclassLogLoss(
      [0, 0],
      [
        [0.5, 0.5],
        [0.25, 0.25],
      ],
      {
        onWarning: (warning) => warnings.push(warning),
      },
    );
    expect(loss).toBeCloseTo(-(Math.log(0.5) + Math.log(0.25)) / 2, 15);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'unnormalised-probabilities' });
    expect(warnings[0]!.message).toContain('probabilities[1] sums to 0.5');
  });
});
