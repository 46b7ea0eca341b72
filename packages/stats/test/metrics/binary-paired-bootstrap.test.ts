import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  binaryBootstrapDeltas,
  binaryPairedBootstraps,
  brierScore,
  expectedCalibrationError,
  f1Score,
  fillPoissonWeights,
  findMetric,
  FUSED_BINARY_METRICS,
  logLoss,
  pairedBootstraps,
  precision,
  prepareBinaryBootstrap,
  recall,
  rocAuc,
  type MetricOptions,
} from '../../src/metrics/index';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { layoutFromMessage, layoutMessage } from '../../src/metrics/compare/binary-bootstrap-threads';
import {
  layOutBinaryBootstrap,
  sortBinaryBootstrap,
} from '../../src/metrics/compare/binary-paired-bootstrap';
import { orderWalker, type WalkSums } from '../../src/metrics/compare/bootstrap-walk';
import { resampleKey } from '../../src/metrics/compare/poisson-weights';
import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';
import { randomBinaryData, repeatRows } from './random-data';

/** Labels and two correlated models' probabilities of class 1 (continuous, so no ties). */
function twoModels(seed: number, rows: number) {
  const random = new Xoshiro128(seed);
  const uniform = () => random.nextUint32() / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const labels: number[] = [];
  const candidate: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = uniform() < 0.45 ? 1 : 0;
    const signal = (label === 1 ? 1 : -1) + normal();
    labels.push(label);
    candidate.push(1 / (1 + Math.exp(-1.3 * signal)));
    baseline.push(1 / (1 + Math.exp(-(0.9 * signal + 0.6 * normal()))));
  }
  return { labels, candidate, baseline };
}

type Metric = (
  labels: number[],
  scores: number[],
  options?: MetricOptions & { threshold?: number },
) => number;
const PLAIN: Record<(typeof FUSED_BINARY_METRICS)[number], Metric> = {
  accuracy,
  precision: (l, s, o) => precision(l, s, { ...o, onWarning: () => undefined }),
  recall: (l, s, o) => recall(l, s, { ...o, onWarning: () => undefined }),
  f1: (l, s, o) => f1Score(l, s, { ...o, onWarning: () => undefined }),
  roc_auc: rocAuc,
  average_precision: averagePrecision,
  log_loss: logLoss,
  brier_score: brierScore,
  ece: expectedCalibrationError,
};

describe('Poisson bootstrap weights', () => {
  it('are Poisson(1): frequencies, mean and variance, and no correlation between rows or resamples', () => {
    const rows = 200_000;
    const resamples = 5;
    const weights = Array.from({ length: resamples }, (_, r) =>
      fillPoissonWeights(7, r, new Uint8Array(rows)),
    );
    const counts = new Array<number>(12).fill(0);
    let sum = 0;
    let squares = 0;
    for (const resample of weights)
      for (const weight of resample) {
        counts[weight]!++;
        sum += weight;
        squares += weight * weight;
      }
    const draws = rows * resamples;
    let factorial = 1;
    for (let k = 0; k < 7; k++) {
      if (k > 0) factorial *= k;
      const expected = Math.exp(-1) / factorial;
      // Four binomial standard errors.
      expect(Math.abs(counts[k]! / draws - expected)).toBeLessThan(
        4 * Math.sqrt(expected / draws) + 2 ** -16,
      );
    }
    expect(Math.abs(sum / draws - 1)).toBeLessThan(0.005);
    expect(Math.abs(squares / draws - (sum / draws) ** 2 - 1)).toBeLessThan(0.01);
    const correlation = (a: Uint8Array, b: Uint8Array, shift: number) => {
      let product = 0;
      for (let i = 0; i + shift < a.length; i++) product += (a[i]! - 1) * (b[i + shift]! - 1);
      return product / (a.length - shift);
    };
    // Neighbouring rows, and the same row in the next resample: |r| within ~4.5 standard errors of 0.
    expect(Math.abs(correlation(weights[0]!, weights[0]!, 1))).toBeLessThan(0.01);
    expect(Math.abs(correlation(weights[0]!, weights[1]!, 0))).toBeLessThan(0.01);
    expect(Math.abs(correlation(weights[2]!, weights[3]!, 1))).toBeLessThan(0.01);
    // The same seed and resample give the same weights; another seed other ones.
    expect(fillPoissonWeights(7, 3, new Uint8Array(rows))).toEqual(weights[3]);
    expect(fillPoissonWeights(8, 3, new Uint8Array(rows))).not.toEqual(weights[3]);
  });
});

describe('binaryPairedBootstraps (one walk per resample for every binary metric)', () => {
  it('gives each resample the metrics of the rows repeated by their weights, ties and all', () => {
    // Scores on a 0.1 grid: many ties, which the ROC and precision–recall walks must group.
    const { labels, scores: candidate } = randomBinaryData(11, 80);
    const { scores: baseline } = randomBinaryData(12, 80);
    const seed = 5;
    const resamples = 40;
    const threshold = 0.4;
    const prepared = prepareBinaryBootstrap({
      labels,
      candidate,
      baseline,
      threshold,
      metrics: FUSED_BINARY_METRICS,
    });
    const deltas = binaryBootstrapDeltas(prepared, seed, 0, resamples);
    const weights = new Uint8Array(labels.length);
    for (let r = 0; r < resamples; r++) {
      fillPoissonWeights(seed, r, weights);
      const truth = repeatRows(labels, weights);
      const pickC = repeatRows(candidate, weights);
      const pickB = repeatRows(baseline, weights);
      FUSED_BINARY_METRICS.forEach((name, m) => {
        const metric = PLAIN[name];
        const expected = truth.every((label) => label === truth[0])
          ? Number.NaN // one class: some metrics are undefined; only compare where both are defined
          : metric(truth, pickC, { threshold }) - metric(truth, pickB, { threshold });
        if (Number.isNaN(expected)) return;
        expect(deltas[m]![r], `${name}, resample ${r}`).toBeCloseTo(expected, 12);
      });
    }
  });

  it('equals pairedBootstraps over the prepared statistics of the registry, with the same seed', () => {
    const { labels, candidate, baseline } = twoModels(21, 500);
    const options = { resamples: 200, seed: 3, keepDeltas: true };
    const fused = binaryPairedBootstraps(
      { labels, candidate, baseline, metrics: FUSED_BINARY_METRICS },
      options,
    );
    const generic = pairedBootstraps(
      FUSED_BINARY_METRICS.map((name) => {
        const definition = findMetric('binary', name)!;
        if (definition.task !== 'binary') throw new Error('binary metric expected');
        return {
          candidate: definition.prepare(labels, candidate),
          baseline: definition.prepare(labels, baseline),
        };
      }),
      labels.length,
      options,
    );
    FUSED_BINARY_METRICS.forEach((name, m) => {
      expect(fused[m]!.validResamples, name).toBe(generic[m]!.validResamples);
      expect(fused[m]!.candidate, name).toBeCloseTo(generic[m]!.candidate, 12);
      expect(fused[m]!.delta, name).toBeCloseTo(generic[m]!.delta, 12);
      fused[m]!.deltas!.forEach((delta, i) => expect(delta, name).toBeCloseTo(generic[m]!.deltas![i]!, 12));
      expect(fused[m]!.lower, name).toBeCloseTo(generic[m]!.lower, 12);
      expect(fused[m]!.upper, name).toBeCloseTo(generic[m]!.upper, 12);
    });
  });

  it('gives the same deltas whatever the split of the resamples (threads)', () => {
    const { labels, candidate, baseline } = twoModels(22, 300);
    const prepared = prepareBinaryBootstrap({ labels, candidate, baseline, metrics: FUSED_BINARY_METRICS });
    const whole = binaryBootstrapDeltas(prepared, 9, 0, 60);
    const first = binaryBootstrapDeltas(prepared, 9, 0, 25);
    const second = binaryBootstrapDeltas(prepared, 9, 25, 60);
    whole.forEach((deltas, m) => expect([...first[m]!, ...second[m]!]).toEqual([...deltas]));
  });

  it("a worker's layout posted on shared memory walks to the deltas of this thread's own", () => {
    const { labels, candidate, baseline } = twoModels(25, 700);
    const input = { labels, candidate, baseline, metrics: FUSED_BINARY_METRICS };
    const sorted = sortBinaryBootstrap(input);
    const shared = layOutBinaryBootstrap(sorted, { shared: true });
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(layoutMessage(shared));
    const received = layoutFromMessage(receiveMessageOnPort(port2)!.message as typeof shared, sorted);
    port1.close();
    // The large arrays arrive as the same memory, not copies; the rows are this thread's own.
    const [order, sent] = [received.orders[0], shared.orders[0]];
    expect(sent.gap.buffer).toBeInstanceOf(SharedArrayBuffer);
    const kept = sent.gap[3]!;
    sent.gap[3] = 42;
    expect(order.gap[3]).toBe(42);
    sent.gap[3] = kept;
    expect(order.rowAt).toBe(sorted.rowAt[0]);
    expect(binaryBootstrapDeltas(received, 3, 0, 20)).toEqual(
      binaryBootstrapDeltas(prepareBinaryBootstrap(input), 3, 0, 20),
    );
  });

  it('walks in WebAssembly (one and four resamples at a time) to the same bits as in JavaScript', () => {
    // Ties (a 0.1 grid) and continuous scores; the threshold and calibration bins cut the walks.
    const tied = randomBinaryData(13, 2000);
    const { scores: tiedBaseline } = randomBinaryData(14, 2000);
    const smooth = twoModels(24, 3001);
    // With a probability metric the candidate's walk adds the loss differences and both add the gaps;
    // without, neither.
    for (const { labels, candidate, baseline, metrics } of [
      { labels: tied.labels, candidate: tied.scores, baseline: tiedBaseline, metrics: FUSED_BINARY_METRICS },
      { ...smooth, metrics: FUSED_BINARY_METRICS },
      { ...smooth, metrics: ['roc_auc', 'f1'] as const },
    ]) {
      const { orders, rows } = prepareBinaryBootstrap({
        labels,
        candidate,
        baseline,
        threshold: 0.3,
        metrics,
      });
      const webAssembly = orderWalker(orders, rows);
      const javaScript = orderWalker(orders, rows, false);
      expect(webAssembly.walk4).toBeDefined();
      const keys = new Int32Array(8);
      for (let lane = 0; lane < 4; lane++) {
        const { multiplier, offset } = resampleKey(6, lane);
        keys[lane] = multiplier;
        keys[4 + lane] = offset;
      }
      for (const model of [0, 1] as const) {
        const four = [0, 1, 2, 3].map(() => ({}) as WalkSums);
        webAssembly.walk4!(model, keys, four);
        for (let lane = 0; lane < 4; lane++) {
          const one = {} as WalkSums;
          const plain = {} as WalkSums;
          webAssembly.walk(model, keys[lane]!, keys[4 + lane]!, one);
          javaScript.walk(model, keys[lane]!, keys[4 + lane]!, plain);
          expect(one).toEqual(plain);
          expect(four[lane]).toEqual(plain);
          expect(plain.positives + plain.negatives).toBeGreaterThan(0.9 * rows);
          const probabilities = (metrics as readonly string[]).includes('log_loss');
          expect(plain.calibrationSum > 0).toBe(probabilities);
          expect(plain.lossDeltaSum !== 0).toBe(probabilities && model === 0);
        }
        const unit = {} as WalkSums;
        const unitPlain = {} as WalkSums;
        webAssembly.walk(model, 0, 0, unit);
        javaScript.walk(model, 0, 0, unitPlain);
        expect(unit).toEqual(unitPlain);
        expect(unit.positives + unit.negatives).toBe(rows);
      }
    }
  });

  it('agrees with the exact multinomial bootstrap (n draws with replacement) within Monte Carlo error', () => {
    const { labels, candidate, baseline } = twoModels(23, 1500);
    const resamples = 1500;
    const metrics = ['accuracy', 'roc_auc', 'log_loss'] as const;
    const poisson = binaryPairedBootstraps({ labels, candidate, baseline, metrics }, { resamples, seed: 4 });
    // The textbook bootstrap, materialised: n row indices drawn with replacement, the rows copied.
    const random = new Xoshiro128(99);
    const multinomial = metrics.map(() => [] as number[]);
    for (let r = 0; r < resamples; r++) {
      const rows = Array.from({ length: labels.length }, () => random.nextIndex(labels.length));
      const truth = rows.map((row) => labels[row]!);
      const pickC = rows.map((row) => candidate[row]!);
      const pickB = rows.map((row) => baseline[row]!);
      metrics.forEach((name, m) =>
        multinomial[m]!.push(PLAIN[name](truth, pickC) - PLAIN[name](truth, pickB)),
      );
    }
    metrics.forEach((name, m) => {
      const sorted = multinomial[m]!.sort((a, b) => a - b);
      const quantile = (q: number) => sorted[Math.round(q * (sorted.length - 1))]!;
      const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
      const sd = Math.sqrt(sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (sorted.length - 1));
      const result = poisson[m]!;
      console.info(
        `${name}: Poisson [${result.lower.toFixed(5)}, ${result.upper.toFixed(5)}] se ${result.standardError.toFixed(5)}; ` +
          `multinomial [${quantile(0.025).toFixed(5)}, ${quantile(0.975).toFixed(5)}] se ${sd.toFixed(5)}`,
      );
      // The 2.5 % and 97.5 % quantiles of 1,500 resamples each have a Monte Carlo error of ~0.07 SE;
      // the difference of two, ~0.1 SE: allow 0.35 SE. The standard errors themselves agree to ~2 %.
      expect(Math.abs(result.lower - quantile(0.025)), name).toBeLessThan(0.35 * sd);
      expect(Math.abs(result.upper - quantile(0.975)), name).toBeLessThan(0.35 * sd);
      expect(Math.abs(result.standardError / sd - 1), name).toBeLessThan(0.1);
    });
  });

  it('refuses data weights and bad input as the metrics do', () => {
    const { labels, candidate, baseline } = twoModels(24, 20);
    expect(() =>
      binaryPairedBootstraps(
        { labels, candidate, baseline, metrics: ['accuracy'] },
        { weights: labels.map(() => 1) },
      ),
    ).toThrow('bootstrap: weights are given');
    expect(() =>
      binaryPairedBootstraps({
        labels,
        candidate: candidate.map((s) => s * 2),
        baseline,
        metrics: ['log_loss'],
      }),
    ).toThrow('log_loss');
    expect(() =>
      binaryPairedBootstraps({ labels: labels.map(() => 2), candidate, baseline, metrics: ['accuracy'] }),
    ).toThrow('accuracy');
  });
});
