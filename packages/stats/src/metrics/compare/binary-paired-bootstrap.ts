import { DEFAULT_THRESHOLD } from '../binary/binary-confusion-matrix';
import { clipProbability } from '../binary/log-loss';
import {
  calibrationBin,
  calibrationBinEdges,
  DEFAULT_CALIBRATION_BINS,
} from '../binary/expected-calibration-error';
import { MetricInputError } from '../metric-input-error';
import { checkBinaryInputs, requireThreshold } from '../validate-inputs';
import {
  checkBootstrapOptions,
  summariseBootstrap,
  type PairedBootstrapOptions,
  type PairedBootstrapResult,
} from './paired-bootstrap';
import { poissonWeight, resampleKey } from './poisson-weights';

/** The binary metrics the fused bootstrap computes (every binary metric of the registry). */
export const FUSED_BINARY_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier_score',
  'ece',
] as const;
export type FusedBinaryMetric = (typeof FUSED_BINARY_METRICS)[number];

export function isFusedBinaryMetric(name: string): name is FusedBinaryMetric {
  return (FUSED_BINARY_METRICS as readonly string[]).includes(name);
}

export interface BinaryBootstrapInput {
  /** 0/1 per row. */
  labels: ArrayLike<number>;
  /** Each model's score (probability) of class 1 per row. */
  candidate: ArrayLike<number>;
  baseline: ArrayLike<number>;
  /** A score at or above it predicts class 1 (the thresholded metrics). Default 0.5. */
  threshold?: number;
  metrics: readonly FusedBinaryMetric[];
}

/**
 * Everything a resample needs, as typed arrays indexed by position in the candidate's ascending score
 * order (plain data: it can be posted to worker threads).
 */
export interface PreparedBinaryBootstrap {
  metrics: readonly FusedBinaryMetric[];
  rows: number;
  /** The row at each candidate position: a row's bootstrap weight is drawn from its row index. */
  rowAt: Uint32Array;
  /** Each position's 8-way cell: label·4 + candidate predicts 1·2 + baseline predicts 1. */
  cell: Uint8Array;
  /** 1 where a run of equal candidate scores starts (ascending), i.e. a threshold of the curves. */
  groupStart: Uint8Array;
  /** Per-row log losses and label − score of each model (Brier and calibration); empty when not needed. */
  lossCandidate: Float64Array;
  lossBaseline: Float64Array;
  gapCandidate: Float64Array;
  gapBaseline: Float64Array;
  /** Calibration bin of each model's score: candidate·16 + baseline (bins ≤ 16). */
  bins: Uint8Array;
  /** The baseline's ascending score order as candidate positions, its labels and group starts. */
  baselinePosition: Uint32Array;
  baselinePositive: Uint8Array;
  baselineGroupStart: Uint8Array;
}

const RANKED: readonly FusedBinaryMetric[] = ['roc_auc', 'average_precision'];
const PROBABILITY: readonly FusedBinaryMetric[] = ['log_loss', 'brier_score', 'ece'];

/**
 * Sorts each model's scores once and lays every row's contribution to every metric out in the
 * candidate's score order, so that a resample is one walk of that order (plus one of the baseline's
 * order for ROC AUC and average precision). Validates as the metrics do.
 */
export function prepareBinaryBootstrap(input: BinaryBootstrapInput): PreparedBinaryBootstrap {
  const { labels, candidate, baseline, metrics } = input;
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const probabilities = metrics.some((metric) => PROBABILITY.includes(metric));
  const ranked = metrics.some((metric) => RANKED.includes(metric));
  for (const metric of metrics) requireThreshold(metric, threshold);
  const first = metrics[0] ?? 'bootstrap';
  checkBinaryInputs(first, labels, candidate, undefined, probabilities);
  checkBinaryInputs(first, labels, baseline, undefined, probabilities);
  const rows = labels.length;
  const rowAt = ascendingOrder(candidate);
  const positionOf = new Uint32Array(rows);
  const cell = new Uint8Array(rows);
  const groupStart = new Uint8Array(rows);
  const size = probabilities ? rows : 0;
  const lossCandidate = new Float64Array(size);
  const lossBaseline = new Float64Array(size);
  const gapCandidate = new Float64Array(size);
  const gapBaseline = new Float64Array(size);
  const bins = new Uint8Array(size);
  const edges = calibrationBinEdges(DEFAULT_CALIBRATION_BINS);
  for (let position = 0; position < rows; position++) {
    const row = rowAt[position]!;
    positionOf[row] = position;
    const label = labels[row] === 1 ? 1 : 0;
    const c = candidate[row]!;
    const b = baseline[row]!;
    cell[position] = label * 4 + (c >= threshold ? 2 : 0) + (b >= threshold ? 1 : 0);
    groupStart[position] = position === 0 || candidate[rowAt[position - 1]!] !== c ? 1 : 0;
    if (!probabilities) continue;
    // As binaryLogLosses, brierTerms and prepareExpectedCalibrationError compute them per row.
    lossCandidate[position] = -Math.log(clipProbability(label === 1 ? c : 1 - c));
    lossBaseline[position] = -Math.log(clipProbability(label === 1 ? b : 1 - b));
    gapCandidate[position] = label - c;
    gapBaseline[position] = label - b;
    bins[position] = calibrationBin(c, edges) * 16 + calibrationBin(b, edges);
  }
  const baselineSize = ranked ? rows : 0;
  const baselinePosition = new Uint32Array(baselineSize);
  const baselinePositive = new Uint8Array(baselineSize);
  const baselineGroupStart = new Uint8Array(baselineSize);
  if (ranked) {
    const baselineOrder = ascendingOrder(baseline);
    for (let k = 0; k < rows; k++) {
      const row = baselineOrder[k]!;
      baselinePosition[k] = positionOf[row]!;
      baselinePositive[k] = labels[row] === 1 ? 1 : 0;
      baselineGroupStart[k] = k === 0 || baseline[baselineOrder[k - 1]!] !== baseline[row] ? 1 : 0;
    }
  }
  return {
    metrics,
    rows,
    rowAt,
    cell,
    groupStart,
    lossCandidate,
    lossBaseline,
    gapCandidate,
    gapBaseline,
    bins,
    baselinePosition,
    baselinePositive,
    baselineGroupStart,
  };
}

function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/**
 * The paired bootstrap of every metric of `input` at once (see `pairedBootstraps` for the method): the
 * same intervals as `pairedBootstraps` with each metric's prepared statistic and the same seed, to
 * float rounding (sums in another order), in one walk of the rows per resample.
 */
export function binaryPairedBootstraps(
  input: BinaryBootstrapInput,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult[] {
  if (options.weights !== undefined) {
    throw new MetricInputError(
      'bootstrap',
      'weights',
      undefined,
      'are given',
      'the fused binary bootstrap takes no data weights; use pairedBootstraps',
    );
  }
  const { resamples, seed } = checkBootstrapOptions(input.labels.length, options);
  const prepared = prepareBinaryBootstrap(input);
  const deltas = binaryBootstrapDeltas(prepared, seed, 0, resamples);
  const values = binaryMetricValues(prepared);
  return prepared.metrics.map((_, m) =>
    summariseBootstrap(values[m]![0]!, values[m]![1]!, definedValues(deltas[m]!), options),
  );
}

/** The defined (non-NaN) deltas, in resample order. */
export function definedValues(deltas: Float64Array): Float64Array {
  let valid = 0;
  for (let i = 0; i < deltas.length; i++) if (!Number.isNaN(deltas[i]!)) deltas[valid++] = deltas[i]!;
  return deltas.subarray(0, valid);
}

/**
 * Each metric's candidate − baseline delta in resamples [from, to) of `seed` (NaN where undefined); the
 * weights depend on (seed, resample, row) only, so any split of the resamples gives the same deltas.
 */
export function binaryBootstrapDeltas(
  prepared: PreparedBinaryBootstrap,
  seed: number,
  from: number,
  to: number,
): Float64Array[] {
  const deltas = prepared.metrics.map(() => new Float64Array(to - from));
  const sums = new ResampleSums(prepared);
  for (let resample = from; resample < to; resample++) {
    const { multiplier, offset } = resampleKey(seed, resample);
    sums.resample(multiplier, offset);
    for (let m = 0; m < deltas.length; m++) {
      const metric = prepared.metrics[m]!;
      deltas[m]![resample - from] = sums.value(metric, 0) - sums.value(metric, 1);
    }
  }
  return deltas;
}

/** Each metric of the candidate and the baseline on all rows, each once: [candidate, baseline]. */
export function binaryMetricValues(prepared: PreparedBinaryBootstrap): [number, number][] {
  const sums = new ResampleSums(prepared);
  sums.resample(0, 0);
  return prepared.metrics.map((metric) => [sums.value(metric, 0), sums.value(metric, 1)]);
}

/**
 * The sufficient statistics of every metric under one resample's weights, from one walk of the
 * candidate's order from its highest score down (and one of the baseline's, through the weights the
 * first walk stored, for the ranked metrics).
 */
class ResampleSums {
  /** The weight at each candidate position, for the baseline's walk. */
  private readonly weightAt: Uint8Array;
  /** Label·4 + candidate·2 + baseline: the weight of each of the 8 cells. */
  private readonly cells = new Float64Array(8);
  private readonly candidateBins = new Float64Array(16);
  private readonly baselineBins = new Float64Array(16);
  private readonly linear = new Float64Array(4);
  private readonly curves = new Float64Array(8);
  private readonly probabilities: boolean;
  private readonly ranked: boolean;
  private total = 0;

  constructor(private readonly prepared: PreparedBinaryBootstrap) {
    this.weightAt = new Uint8Array(prepared.rows);
    this.probabilities = prepared.metrics.some((m) => PROBABILITY.includes(m));
    this.ranked = prepared.metrics.some((m) => RANKED.includes(m));
  }

  /** Draws the resample of (multiplier, offset); multiplier 0 weighs every row once instead. */
  resample(multiplier: number, offset: number): void {
    const { rowAt, cell, groupStart, lossCandidate, lossBaseline, gapCandidate, gapBaseline, bins } =
      this.prepared;
    const { weightAt, cells, candidateBins, baselineBins, probabilities, ranked } = this;
    cells.fill(0);
    candidateBins.fill(0);
    baselineBins.fill(0);
    let lossC = 0;
    let lossB = 0;
    let brierC = 0;
    let brierB = 0;
    let groupPositives = 0;
    let groupNegatives = 0;
    let positives = 0;
    let negatives = 0;
    let pairsWon = 0;
    let precisionSum = 0;
    for (let position = rowAt.length - 1; position >= 0; position--) {
      const weight = multiplier === 0 ? 1 : poissonWeight(multiplier, offset, rowAt[position]!);
      weightAt[position] = weight;
      const rowCell = cell[position]!;
      cells[rowCell]! += weight;
      if (probabilities) {
        const gapC = gapCandidate[position]!;
        const gapB = gapBaseline[position]!;
        const bin = bins[position]!;
        lossC += weight * lossCandidate[position]!;
        lossB += weight * lossBaseline[position]!;
        brierC += weight * (gapC * gapC);
        brierB += weight * (gapB * gapB);
        candidateBins[bin >> 4]! += weight * gapC;
        baselineBins[bin & 15]! += weight * gapB;
      }
      if (ranked) {
        const weightPositive = rowCell >= 4 ? weight : 0;
        groupPositives += weightPositive;
        groupNegatives += weight - weightPositive;
        if (groupStart[position] === 1) {
          pairsWon += groupNegatives * (positives + 0.5 * groupPositives);
          positives += groupPositives;
          negatives += groupNegatives;
          // A group without positive weight adds no recall (and no 0/0 before any weight is seen).
          if (groupPositives > 0) precisionSum += (groupPositives * positives) / (positives + negatives);
          groupPositives = 0;
          groupNegatives = 0;
        }
      }
    }
    let total = 0;
    for (let c = 0; c < 8; c++) total += cells[c]!;
    this.total = total;
    let eceC = 0;
    let eceB = 0;
    for (let bin = 0; bin < 16; bin++) {
      eceC += Math.abs(candidateBins[bin]!);
      eceB += Math.abs(baselineBins[bin]!);
    }
    this.linear.set([lossC, lossB, brierC, brierB]);
    this.eceC = eceC;
    this.eceB = eceB;
    this.curves.set([positives, negatives, pairsWon, precisionSum], 0);
    if (ranked) this.walkBaseline();
  }

  private eceC = 0;
  private eceB = 0;

  private walkBaseline(): void {
    const { baselinePosition, baselinePositive, baselineGroupStart } = this.prepared;
    const weightAt = this.weightAt;
    let groupPositives = 0;
    let groupNegatives = 0;
    let positives = 0;
    let negatives = 0;
    let pairsWon = 0;
    let precisionSum = 0;
    for (let k = baselinePosition.length - 1; k >= 0; k--) {
      const weight = weightAt[baselinePosition[k]!]!;
      const weightPositive = baselinePositive[k] === 1 ? weight : 0;
      groupPositives += weightPositive;
      groupNegatives += weight - weightPositive;
      if (baselineGroupStart[k] === 1) {
        pairsWon += groupNegatives * (positives + 0.5 * groupPositives);
        positives += groupPositives;
        negatives += groupNegatives;
        if (groupPositives > 0) precisionSum += (groupPositives * positives) / (positives + negatives);
        groupPositives = 0;
        groupNegatives = 0;
      }
    }
    this.curves.set([positives, negatives, pairsWon, precisionSum], 4);
  }

  /** The metric of the candidate (0) or the baseline (1), as the registry's prepared statistics define it. */
  value(metric: FusedBinaryMetric, model: 0 | 1): number {
    const cells = this.cells;
    // Confusion counts from the 8 cells (label·4 + candidate·2 + baseline).
    const predicted = model === 0 ? 2 : 1;
    let tn = 0;
    let fp = 0;
    let fn = 0;
    let tp = 0;
    for (let c = 0; c < 8; c++) {
      const count = cells[c]!;
      if (c >= 4) {
        if (c & predicted) tp += count;
        else fn += count;
      } else if (c & predicted) fp += count;
      else tn += count;
    }
    const curve = model * 4;
    const positives = this.curves[curve]!;
    const negatives = this.curves[curve + 1]!;
    switch (metric) {
      case 'accuracy':
        return (tp + tn) / (tp + tn + fp + fn);
      case 'precision':
        return ratio(tp, tp + fp);
      case 'recall':
        return ratio(tp, tp + fn);
      case 'f1':
        return ratio(2 * tp, 2 * tp + fp + fn);
      case 'roc_auc':
        if (positives === 0 || negatives === 0) return Number.NaN;
        return this.curves[curve + 2]! / (positives * negatives);
      case 'average_precision':
        return positives === 0 ? Number.NaN : this.curves[curve + 3]! / positives;
      case 'log_loss':
        return this.linear[model]! / this.total;
      case 'brier_score':
        return this.linear[2 + model]! / this.total;
      case 'ece':
        return (model === 0 ? this.eceC : this.eceB) / this.total;
    }
  }
}

/** 0/0 → 0, as the registry's thresholded statistics do. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
