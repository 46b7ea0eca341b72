import { describe, expect, it } from 'vitest';
import { calibrationBin, calibrationBinEdges } from '../../src/metrics/binary/expected-calibration-error';
import {
  brierScore,
  expectedCalibrationError,
  logLoss,
  prepareExpectedCalibrationError,
} from '../../src/metrics/index';
import { binaryLogLosses } from '../../src/metrics/binary/log-loss';
import { brierTerms } from '../../src/metrics/binary/brier-score';
import { randomBinaryData, randomIntegers, repeatRows } from './random-data';

describe('logLoss', () => {
  it('averages the negative log-probability of the true class', () => {
    // −(ln 0.8 + ln(1 − 0.4)) / 2 = (0.2231436 + 0.5108256) / 2
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(0.36698458754, 10);
  });

  it("matches scikit-learn's log_loss docstring example (spam = 1)", () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616…
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616, 5);
  });

  it('clips probabilities to [ε, 1 − ε] with ε = 2⁻⁵², so a confident mistake costs 52·ln 2', () => {
    expect(logLoss([1], [0])).toBeCloseTo(52 * Math.LN2, 12); // −ln(2⁻⁵²) = 36.0436…
    expect(logLoss([0], [1])).toBeCloseTo(52 * Math.LN2, 12);
    expect(logLoss([1], [1])).toBeCloseTo(Number.EPSILON, 20); // −ln(1 − ε) ≈ ε
  });

  it('treats integer weights as repeated rows', () => {
    const { labels, scores } = randomBinaryData(3, 40);
    const weights = randomIntegers(4, 40, 4);
    expect(logLoss(labels, scores, { weights })).toBeCloseTo(
      logLoss(repeatRows(labels, weights), repeatRows(scores, weights)),
      14,
    );
  });
});

describe('brierScore', () => {
  it("matches scikit-learn's brier_score_loss docstring example", () => {
    // ((0.1 − 0)² + (0.9 − 1)² + (0.8 − 1)² + (0.3 − 0)²) / 4 = (0.01 + 0.01 + 0.04 + 0.09) / 4
    expect(brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).toBeCloseTo(0.0375, 15);
  });

  it('is 0 for perfect probabilities and 0.25 for always answering ½', () => {
    expect(brierScore([0, 1], [0, 1])).toBe(0);
    expect(brierScore([0, 1, 1], [0.5, 0.5, 0.5])).toBe(0.25);
  });

  it('weights rows', () => {
    // (2·0.2² + 1·0.4²) / 3 = (0.08 + 0.16) / 3
    expect(brierScore([1, 0], [0.8, 0.4], { weights: [2, 1] })).toBeCloseTo(0.08, 15);
  });
});

describe('expectedCalibrationError', () => {
  it('weights each bin’s |positive share − mean probability| by its size', () => {
    // bin (0.1, 0.2]: rows 0, 1 → positive share ½, mean p 0.15 → ½·0.35 = 0.175
    // bin (0.9, 1.0]: rows 2, 3 → positive share 1, mean p 0.95 → ½·0.05 = 0.025      total 0.2
    expect(expectedCalibrationError([0, 1, 1, 1], [0.15, 0.15, 0.95, 0.95])).toBeCloseTo(0.2, 15);
  });

  it('is 0 when each bin’s mean probability equals its positive share', () => {
    // Ten rows at 0.3 with three positives (bin (0.2, 0.3]); two at 0.5 with one positive (bin (0.4, 0.5]).
    const labels = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    const scores = [...Array<number>(10).fill(0.3), 0.5, 0.5];
    expect(expectedCalibrationError(labels, scores)).toBeCloseTo(0, 15);
  });

  it('puts a probability on an inner edge in the lower bin, as calibration_curve does', () => {
    const edges = calibrationBinEdges(10);
    expect(calibrationBin(0, edges)).toBe(0);
    expect(calibrationBin(0.1, edges)).toBe(0); // searchsorted(…, side="left")
    expect(calibrationBin(0.10000001, edges)).toBe(1);
    expect(calibrationBin(0.3, edges)).toBe(2); // 0.3 < 3·0.1 = 0.30000000000000004, as NumPy's linspace
    expect(calibrationBin(1, edges)).toBe(9);
    // 0.1 and 0.15 then sit in different bins: |0 − 0.1|·½ + |1 − 0.15|·½ = 0.475
    expect(expectedCalibrationError([0, 1], [0.1, 0.15])).toBeCloseTo(0.475, 15);
  });

  it('with one bin is |mean label − mean probability|', () => {
    // mean label ¾, mean p (0.2 + 0.4 + 0.6 + 0.9) / 4 = 0.525
    expect(expectedCalibrationError([0, 1, 1, 1], [0.2, 0.4, 0.6, 0.9], { bins: 1 })).toBeCloseTo(0.225, 15);
  });

  it('treats integer weights as repeated rows, and rejects a bad bin count', () => {
    const { labels, scores } = randomBinaryData(5, 50, 3);
    const weights = randomIntegers(6, 50, 4);
    expect(expectedCalibrationError(labels, scores, { weights })).toBeCloseTo(
      expectedCalibrationError(repeatRows(labels, weights), repeatRows(scores, weights)),
      14,
    );
    expect(() => expectedCalibrationError([0], [0.5], { bins: 0 })).toThrow('ece: bins is 0');
    expect(() => expectedCalibrationError([0], [0.5], { bins: 2.5, weights: [1] })).toThrow(
      'ece: bins is 2.5',
    );
  });

  it('unweighted, equals the prepared statistic the bootstrap re-weights, bit for bit', () => {
    for (const bins of [1, 7, 10]) {
      const { labels, scores } = randomBinaryData(8 + bins, 3000, 3);
      expect(expectedCalibrationError(labels, scores, { bins })).toBe(
        prepareExpectedCalibrationError(labels, scores, { bins })(undefined),
      );
    }
  });
});

describe('log loss and Brier score without weights', () => {
  it('equal the plain mean of the per-row terms the bootstrap re-weights, bit for bit', () => {
    const { labels, scores } = randomBinaryData(21, 5000, 3);
    const mean = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(logLoss(labels, scores)).toBe(mean(binaryLogLosses(labels, scores)));
    expect(brierScore(labels, scores)).toBe(mean(brierTerms(labels, scores)));
  });
});
