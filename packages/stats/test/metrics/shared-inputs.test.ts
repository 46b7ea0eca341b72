import { describe, expect, it } from 'vitest';
import { SharedBinaryInputs } from '../../src/metrics/binary/shared-inputs';
import { computeMetric, METRICS } from '../../src/metrics/index';
import { randomBinaryData } from './random-data';

const binary = METRICS.filter((metric) => metric.task === 'binary');

describe('SharedBinaryInputs: what the binary metrics of one model share', () => {
  it('gives every binary metric the value it has without it, and sorts and checks once', () => {
    const { labels, scores } = randomBinaryData(3, 2000, 2);
    const shared = new SharedBinaryInputs(labels, scores);
    for (const metric of binary) {
      for (const threshold of [0.5, 0.3]) {
        const alone = computeMetric(metric, labels, scores, { threshold }).value;
        const withShared = computeMetric(metric, labels, scores, { threshold, shared }).value;
        expect(withShared, metric.name).toBe(alone);
      }
    }
    // ROC AUC and average precision sorted the scores once, for both.
    expect(shared.sortedRows).toBe(shared.scoreGroups().order);
    expect(Array.from(shared.sortedRows!)).toEqual(
      Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b),
    );
  });

  it('answers only for its own arrays: other scores are computed and checked as they are', () => {
    const { labels, scores } = randomBinaryData(4, 500, 2);
    const shared = new SharedBinaryInputs(labels, scores);
    const roc = binary.find((metric) => metric.name === 'roc_auc')!;
    computeMetric(roc, labels, scores, { shared });
    const reversed = scores.map((score) => 1 - score);
    expect(computeMetric(roc, labels, reversed, { shared }).value).toBeCloseTo(
      1 - computeMetric(roc, labels, scores).value,
      12,
    );
    const bad = [...scores];
    bad[7] = Number.NaN;
    expect(() => computeMetric(roc, labels, bad, { shared })).toThrow(/roc_auc/);
  });

  it('a failed check fails every metric that asks, not only the first', () => {
    const { labels, scores } = randomBinaryData(5, 300, 2);
    const bad = [...labels];
    bad[3] = 2;
    const shared = new SharedBinaryInputs(bad, scores);
    for (const metric of binary) {
      expect(() => computeMetric(metric, bad, scores, { shared }), metric.name).toThrow(/labels/);
    }
  });
});
