import { describe, expect, it } from 'vitest';
import {
  accuracy,
  findMetric,
  medianAbsoluteError,
  pairedBootstrap,
  pairedBootstrapMetric,
  prepareRocAuc,
  rocAuc,
} from '../../src/metrics/index';
import { fillPoissonWeights } from '../../src/metrics/compare/poisson-weights';
import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';
import { randomBinaryData, repeatRows } from './random-data';

const accuracyMetric = findMetric('binary', 'accuracy')!;
const rocAucMetric = findMetric('binary', 'roc_auc')!;

/** Labels, and two models' scores that are right with the given probabilities (independently). */
function twoClassifiers(seed: number, rows: number, candidateSkill: number, baselineSkill: number) {
  const random = new Xoshiro128(seed);
  const uniform = () => random.nextUint32() / 4294967296;
  const labels: number[] = [];
  const candidate: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = uniform() < 0.5 ? 1 : 0;
    labels.push(label);
    // A right answer scores on the label's side of 0.5, a wrong one on the other side.
    const score = (right: boolean) =>
      right === (label === 1) ? 0.5 + 0.5 * uniform() : 0.5 * uniform() - 1e-9;
    candidate.push(Math.max(0, score(uniform() < candidateSkill)));
    baseline.push(Math.max(0, score(uniform() < baselineSkill)));
  }
  return { labels, candidate, baseline };
}

describe('pairedBootstrap', () => {
  it('gives every delta 0 and the interval [0, 0] when candidate and baseline are the same', () => {
    const { labels, scores } = randomBinaryData(1, 200);
    for (const metric of [accuracyMetric, rocAucMetric]) {
      const result = pairedBootstrapMetric(metric, labels, scores, scores, {
        keepDeltas: true,
        resamples: 200,
      });
      expect(result.delta).toBe(0);
      expect(result.deltas!.every((delta) => delta === 0)).toBe(true);
      expect([result.lower, result.upper]).toEqual([0, 0]);
      expect(result.standardError).toBe(0);
    }
  });

  it('excludes 0 from the interval of a clearly better candidate', () => {
    const { labels, candidate, baseline } = twoClassifiers(2, 1000, 0.85, 0.7);
    const accuracyGain = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline);
    expect(accuracyGain.delta).toBeGreaterThan(0.1);
    expect(accuracyGain.lower).toBeGreaterThan(0);
    expect(accuracyGain.lower).toBeLessThan(accuracyGain.delta);
    expect(accuracyGain.upper).toBeGreaterThan(accuracyGain.delta);
    const aucGain = pairedBootstrapMetric(rocAucMetric, labels, candidate, baseline);
    expect(aucGain.lower).toBeGreaterThan(0);
  });

  it('gives identical intervals for the same seed and different ones for another seed', () => {
    const { labels, candidate, baseline } = twoClassifiers(3, 300, 0.8, 0.75);
    const first = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, { seed: 9 });
    const again = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, { seed: 9 });
    const other = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, { seed: 10 });
    expect(again).toEqual(first);
    expect([other.lower, other.upper]).not.toEqual([first.lower, first.upper]);
  });

  it('scores both models on the same resampled rows: the Poisson weights, each row repeated that many times', () => {
    // Redo the resampling by hand: each row copied as many times as its weight, each model scored on the copies.
    const { labels, scores: candidate } = randomBinaryData(4, 60);
    const { scores: baseline } = randomBinaryData(5, 60);
    const seed = 123;
    const resamples = 50;
    const expected: number[] = [];
    const weights = new Uint8Array(labels.length);
    for (let r = 0; r < resamples; r++) {
      fillPoissonWeights(seed, r, weights);
      const pick = (values: number[]) => repeatRows(values, weights);
      if (pick(labels).length === 0) continue;
      expected.push(rocAuc(pick(labels), pick(candidate)) - rocAuc(pick(labels), pick(baseline)));
    }
    const result = pairedBootstrap(
      prepareRocAuc(labels, candidate),
      prepareRocAuc(labels, baseline),
      labels.length,
      {
        seed,
        resamples,
        keepDeltas: true,
      },
    );
    const sortedExpected = expected.filter((delta) => !Number.isNaN(delta)).sort((a, b) => a - b);
    expect(result.deltas!.length).toBe(sortedExpected.length);
    result.deltas!.forEach((delta, i) => expect(delta).toBeCloseTo(sortedExpected[i]!, 12));
  });

  it('accepts any metric function, with the same result as its registry definition', () => {
    const { labels, candidate, baseline } = twoClassifiers(6, 200, 0.8, 0.7);
    const viaFunction = pairedBootstrapMetric(accuracy, labels, candidate, baseline, { resamples: 300 });
    const viaDefinition = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, {
      resamples: 300,
    });
    expect(viaFunction).toEqual(viaDefinition);
    const truth = labels.map((label, i) => label * 10 + i / 50);
    const median = pairedBootstrapMetric(medianAbsoluteError, truth, candidate, baseline, { resamples: 100 });
    expect(median.delta).toBeCloseTo(
      medianAbsoluteError(truth, candidate) - medianAbsoluteError(truth, baseline),
      15,
    );
  });

  it('multiplies data weights into the resample counts', () => {
    const { labels, candidate, baseline } = twoClassifiers(7, 150, 0.8, 0.7);
    const plain = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, { resamples: 200 });
    const doubled = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, {
      resamples: 200,
      weights: labels.map(() => 2),
    });
    // A ratio metric does not change when every weight doubles.
    expect(doubled.lower).toBeCloseTo(plain.lower, 14);
    expect(doubled.upper).toBeCloseTo(plain.upper, 14);
  });

  it('drops and counts resamples where the metric is undefined', () => {
    // One positive among 6 rows: its Poisson weight is 0 in 1/e ≈ 37 % of resamples, where ROC AUC is NaN.
    const labels = [1, 0, 0, 0, 0, 0];
    const result = pairedBootstrapMetric(
      rocAucMetric,
      labels,
      [0.9, 0.1, 0.2, 0.3, 0.4, 0.5],
      [0.3, 0.1, 0.2, 0.35, 0.4, 0.5],
    );
    expect(result.validResamples).toBeLessThan(result.resamples);
    expect(result.validResamples).toBeGreaterThan(500);
    expect(Number.isFinite(result.lower) && Number.isFinite(result.upper)).toBe(true);
  });

  it('covers the true difference about 95 % of the time (simulation)', () => {
    // Candidate right with probability 0.8, baseline 0.7, independently: the true accuracy gain is 0.1.
    let covered = 0;
    const trials = 200;
    for (let trial = 0; trial < trials; trial++) {
      const { labels, candidate, baseline } = twoClassifiers(1000 + trial, 300, 0.8, 0.7);
      const { lower, upper } = pairedBootstrapMetric(accuracyMetric, labels, candidate, baseline, {
        resamples: 400,
        seed: trial,
      });
      if (lower <= 0.1 && 0.1 <= upper) covered++;
    }
    console.info(`paired bootstrap coverage of a 95 % interval: ${covered}/${trials}`);
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('rejects impossible options', () => {
    const { labels, scores } = randomBinaryData(8, 10);
    const run = (options: object) => pairedBootstrapMetric(accuracyMetric, labels, scores, scores, options);
    expect(() => run({ resamples: 0 })).toThrow('bootstrap: resamples is 0');
    expect(() => run({ confidence: 1 })).toThrow('bootstrap: confidence is 1');
    expect(() => run({ seed: 0.5 })).toThrow('bootstrap: seed is 0.5');
    expect(() =>
      pairedBootstrap(
        () => 0,
        () => 0,
        0,
      ),
    ).toThrow('bootstrap: rowCount is 0');
    expect(() => pairedBootstrapMetric(accuracyMetric, [], [], [])).toThrow('accuracy: labels is empty');
  });
});
