import { MetricInputError } from '../metric-input-error';
import type { MetricFunction, WeightedStatistic } from '../metric-options';
import { percentileOfSorted } from '../numerics/percentile';
import { requireWeights } from '../validate-inputs';
import { fillPoissonWeights } from './poisson-weights';

export interface PairedBootstrapOptions {
  /** Number of bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Coverage of the percentile interval. Default 0.95. */
  confidence?: number;
  /** Seed of the xoshiro128** generator; the same seed gives the same interval everywhere. Default 1. */
  seed?: number;
  /** Row weights of the data itself (multiplied into each resample's row counts). */
  weights?: ArrayLike<number>;
  /** Return every resample's delta as well (for histograms). Default false. */
  keepDeltas?: boolean;
}

export interface PairedBootstrapResult {
  /** The metric of each model on all rows, and their difference (candidate − baseline). */
  candidate: number;
  baseline: number;
  delta: number;
  /** Percentile interval of the delta at `confidence`. */
  lower: number;
  upper: number;
  confidence: number;
  /** Standard deviation of the resampled deltas. */
  standardError: number;
  resamples: number;
  /** Resamples where both metrics were defined (e.g. AUC needs both classes); the interval uses these. */
  validResamples: number;
  seed: number;
  deltas?: Float64Array;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_BOOTSTRAP_SEED = 1;

/**
 * Paired bootstrap confidence interval of a metric difference, candidate − baseline, on the same rows.
 * Each resample re-weights the rows — the same weights for both models, which is what makes it
 * paired — and scores both models under them; the interval is the percentile interval of the
 * resampled deltas (Efron & Tibshirani 1993, ch. 13; `np.percentile` linear interpolation, as SciPy's
 * `bootstrap(method="percentile")`). The weights are Poisson(1) row counts (the Poisson bootstrap, see
 * poisson-weights.ts): a row of weight 2 counts as that row twice, which gives exactly the metric of
 * the repeated rows without copying them. Resamples where a metric is undefined (NaN, e.g. every
 * weight 0, or one class only for ROC AUC) are dropped and counted.
 *
 * @example pairedBootstrap(prepareRocAuc(labels, candidateScores), prepareRocAuc(labels, baselineScores), labels.length)
 */
export function pairedBootstrap(
  candidate: WeightedStatistic,
  baseline: WeightedStatistic,
  rowCount: number,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  return pairedBootstraps([{ candidate, baseline }], rowCount, options)[0]!;
}

/**
 * `pairedBootstrap` of several metrics on the same rows at once: each resample's row weights are drawn
 * once and given to every metric. With the same seed each metric's result is exactly what its own
 * `pairedBootstrap` gives (those draw the same weights), for a fraction of the draws.
 */
export function pairedBootstraps(
  metrics: readonly { candidate: WeightedStatistic; baseline: WeightedStatistic }[],
  rowCount: number,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult[] {
  const { resamples, seed } = checkBootstrapOptions(rowCount, options);
  // Reused: no allocation per resample.
  const counts = new Uint8Array(rowCount);
  const rowWeights = options.weights === undefined ? counts : new Float64Array(rowCount);
  const deltas = metrics.map(() => new Float64Array(resamples));
  const valid = metrics.map(() => 0);
  for (let resample = 0; resample < resamples; resample++) {
    fillPoissonWeights(seed, resample, counts);
    if (options.weights !== undefined) {
      for (let row = 0; row < rowCount; row++) rowWeights[row] = counts[row]! * options.weights[row]!;
    }
    for (let m = 0; m < metrics.length; m++) {
      const delta = metrics[m]!.candidate(rowWeights) - metrics[m]!.baseline(rowWeights);
      if (!Number.isNaN(delta)) deltas[m]![valid[m]!++] = delta;
    }
  }
  return metrics.map(({ candidate, baseline }, m) =>
    summariseBootstrap(
      candidate(options.weights),
      baseline(options.weights),
      deltas[m]!.subarray(0, valid[m]!),
      options,
    ),
  );
}

/**
 * The result of a paired bootstrap from the metric on all rows and the defined resampled deltas (sorted
 * here, in place).
 */
export function summariseBootstrap(
  candidate: number,
  baseline: number,
  deltas: Float64Array,
  options: PairedBootstrapOptions,
): PairedBootstrapResult {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const sorted = deltas.sort();
  const tail = (1 - confidence) / 2;
  return {
    candidate,
    baseline,
    delta: candidate - baseline,
    lower: percentileOfSorted(sorted, tail),
    upper: percentileOfSorted(sorted, 1 - tail),
    confidence,
    standardError: standardDeviation(sorted),
    resamples,
    validResamples: sorted.length,
    seed,
    ...(options.keepDeltas ? { deltas: sorted.slice() } : {}),
  };
}

/** A metric that can bind to one model's rows once (validate, sort) and then be re-weighted cheaply. */
export interface PreparableMetric<Truth, Prediction> {
  prepare(truth: Truth, prediction: Prediction): WeightedStatistic;
}

/**
 * `pairedBootstrap` for any metric of this module — a plain metric function (`accuracy`, `meanAbsoluteError`,
 * `macroF1`…, re-validated on every resample) or a registry definition from `METRICS`, whose `prepare` does
 * the validation and any sorting once (use that for ROC AUC and average precision).
 *
 * @example pairedBootstrapMetric(accuracy, labels, candidateScores, baselineScores, { seed: 7 })
 */
export function pairedBootstrapMetric<Truth extends ArrayLike<unknown>, Prediction>(
  metric: MetricFunction<Truth, Prediction> | PreparableMetric<Truth, Prediction>,
  truth: Truth,
  candidatePrediction: Prediction,
  baselinePrediction: Prediction,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const bind = (prediction: Prediction): WeightedStatistic => {
    if (typeof metric !== 'function') return metric.prepare(truth, prediction);
    return (weights) => metric(truth, prediction, weights === undefined ? {} : { weights });
  };
  return pairedBootstrap(bind(candidatePrediction), bind(baselinePrediction), truth.length, options);
}

/** Checks the row count and options of a bootstrap; returns them with their defaults. */
export function checkBootstrapOptions(
  rowCount: number,
  options: PairedBootstrapOptions,
): { resamples: number; confidence: number; seed: number } {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (!(Number.isInteger(rowCount) && rowCount >= 1)) {
    throw new MetricInputError(
      'bootstrap',
      'rowCount',
      undefined,
      `is ${rowCount}`,
      'the bootstrap needs at least one row',
    );
  }
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new MetricInputError(
      'bootstrap',
      'resamples',
      undefined,
      `is ${resamples}`,
      'use a whole number ≥ 1',
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new MetricInputError(
      'bootstrap',
      'confidence',
      undefined,
      `is ${confidence}`,
      'use a number between 0 and 1, e.g. 0.95',
    );
  }
  if (!Number.isInteger(seed)) {
    throw new MetricInputError('bootstrap', 'seed', undefined, `is ${seed}`, 'use a whole number');
  }
  requireWeights('bootstrap', options.weights, rowCount);
  return { resamples, confidence, seed };
}

function standardDeviation(values: Float64Array): number {
  if (values.length < 2) return values.length === 1 ? 0 : Number.NaN;
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}
