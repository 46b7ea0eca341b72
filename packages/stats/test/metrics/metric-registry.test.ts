import { describe, expect, it } from 'vitest';
import {
  BINARY_METRICS,
  computeMetric,
  findMetric,
  METRICS,
  MULTICLASS_METRICS,
  precision,
  REGRESSION_METRICS,
} from '../../src/metrics/index';
import { randomBinaryData, randomIntegers } from './random-data';

const { labels, scores } = randomBinaryData(1, 120, 2);
const weights = randomIntegers(2, 120, 3);
const classLabels = randomIntegers(3, 120, 3);
const probabilityRows = randomIntegers(4, 120, 1000).map((seed, i) => {
  const raw = [1 + (seed % 7), 1 + ((seed >> 3) % 5), 1 + ((i * 13) % 4)];
  const total = raw[0]! + raw[1]! + raw[2]!;
  return raw.map((value) => value / total);
});
const truth = randomIntegers(5, 120, 50).map((value) => value + 1);
const predictions = truth.map((value, i) => value + ((i % 7) - 3) * 0.5);

describe('METRICS', () => {
  it('names each metric once per task and says which way is better', () => {
    const keys = METRICS.map((metric) => `${metric.task}/${metric.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const lowerIsBetter = METRICS.filter((metric) => !metric.higherIsBetter).map((metric) => metric.name);
    expect(lowerIsBetter.sort()).toEqual(
      ['brier_score', 'ece', 'log_loss', 'log_loss', 'mae', 'mape', 'median_ae', 'rmse'].sort(),
    );
    expect(findMetric('binary', 'roc_auc')?.range).toEqual({ min: 0, max: 1 });
    expect(findMetric('regression', 'r2')?.range).toEqual({ min: Number.NEGATIVE_INFINITY, max: 1 });
    expect(findMetric('binary', 'r2')).toBeUndefined();
  });

  it('computes values inside each range, and prepare() agrees with compute() with and without weights', () => {
    const check = (
      metric: { name: string; range: { min: number; max: number } },
      computed: number,
      prepared: number,
      weighted: number,
      preparedWeighted: number,
    ) => {
      expect(computed, metric.name).toBeGreaterThanOrEqual(metric.range.min);
      expect(computed, metric.name).toBeLessThanOrEqual(metric.range.max);
      expect(prepared, metric.name).toBeCloseTo(computed, 14);
      expect(preparedWeighted, metric.name).toBeCloseTo(weighted, 14);
    };
    for (const metric of BINARY_METRICS) {
      const prepared = metric.prepare(labels, scores);
      check(
        metric,
        metric.compute(labels, scores),
        prepared(undefined),
        metric.compute(labels, scores, { weights }),
        prepared(weights),
      );
    }
    for (const metric of MULTICLASS_METRICS) {
      const prepared = metric.prepare(classLabels, probabilityRows);
      check(
        metric,
        metric.compute(classLabels, probabilityRows),
        prepared(undefined),
        metric.compute(classLabels, probabilityRows, { weights }),
        prepared(weights),
      );
    }
    for (const metric of REGRESSION_METRICS) {
      const prepared = metric.prepare(truth, predictions);
      check(
        metric,
        metric.compute(truth, predictions),
        prepared(undefined),
        metric.compute(truth, predictions, { weights }),
        prepared(weights),
      );
    }
  });

  it('prepares thresholded metrics at the given threshold', () => {
    const accuracy = findMetric('binary', 'accuracy')!;
    expect(accuracy.prepare(labels, scores, { threshold: 0.3 })(undefined)).toBe(
      accuracy.compute(labels, scores, { threshold: 0.3 }),
    );
  });

  it('validates inputs when preparing, before any resampling', () => {
    expect(() => findMetric('binary', 'log_loss')!.prepare([0, 1], [0.5, 2])).toThrow(
      'log_loss: scores[1] is 2',
    );
    expect(() => findMetric('regression', 'r2')!.prepare([1, 2], [1, Number.NaN])).toThrow(
      'r2: predictions[1]',
    );
  });
});

describe('computeMetric', () => {
  it('returns the value together with the warnings that explain it', () => {
    const { value, warnings } = computeMetric(findMetric('binary', 'roc_auc')!, [1, 1], [0.3, 0.6]);
    expect(value).toBeNaN();
    expect(warnings).toEqual([expect.objectContaining({ metric: 'roc_auc', code: 'undefined' })]);
  });

  it('works with a plain metric function wrapped as { compute }', () => {
    const { value, warnings } = computeMetric({ compute: precision }, [1, 0], [0.1, 0.2]);
    expect(value).toBe(0);
    expect(warnings[0]?.code).toBe('zero-division');
  });
});
