import { DEFAULT_THRESHOLD } from '../binary/binary-confusion-matrix';
import { clipProbability } from '../binary/log-loss';
import {
  calibrationBin,
  calibrationBinEdges,
  DEFAULT_CALIBRATION_BINS,
} from '../binary/expected-calibration-error';
import { checkBinaryInputs, requireThreshold } from '../validate-inputs';
import { argsortFloat64 } from '../numerics/argsort';
import { fillPoissonWeightsOf, resampleKey } from './poisson-weights';

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
  /** 1 where the row at each candidate position is positive (the ranked metrics' walk). */
  positive: Uint8Array;
  /** The baseline's ascending score order (rows), its labels and group starts. */
  baselineRowAt: Uint32Array;
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
  const rowAt = argsortFloat64(candidate);
  const positive = new Uint8Array(ranked ? rows : 0);
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
    const label = labels[row] === 1 ? 1 : 0;
    if (ranked) positive[position] = label;
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
  const baselineRowAt = ranked ? argsortFloat64(baseline) : new Uint32Array(0);
  const baselinePositive = new Uint8Array(baselineSize);
  const baselineGroupStart = new Uint8Array(baselineSize);
  for (let k = 0; k < baselineSize; k++) {
    const row = baselineRowAt[k]!;
    baselinePositive[k] = labels[row] === 1 ? 1 : 0;
    baselineGroupStart[k] = k === 0 || baseline[baselineRowAt[k - 1]!] !== baseline[row] ? 1 : 0;
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
    positive,
    baselineRowAt,
    baselinePositive,
    baselineGroupStart,
  };
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
 * The sufficient statistics of every metric under one resample's weights: the 8 cells' weights, the
 * weighted loss sums, and one walk of each model's score order from the highest score down for the
 * ranked metrics. The baseline's order draws its rows' weights again (a hash per row) rather than
 * gathering them at random from the candidate's order, which measured slower.
 *
 * Each pass is a loop alone in a function (see sketches/typed-loops.ts): a long loop followed by more
 * code in the same function made V8 deoptimize after it on every resample.
 */
class ResampleSums {
  /** The weight at each candidate position, and at each baseline position. */
  private readonly weightAt: Uint8Array;
  private readonly baselineWeightAt: Uint8Array;
  /** Label·4 + candidate·2 + baseline: the weight of each of the 8 cells. */
  private readonly cells = new Float64Array(8);
  /** Log loss, Brier and ECE sums of the candidate, then of the baseline. */
  private readonly linear = new Float64Array(6);
  private readonly calibration = new Float64Array(32);
  /** Positives, negatives, pairs won (ROC) and Σ ΔTP·precision, of the candidate then of the baseline. */
  private readonly curves = new Float64Array(8);
  private readonly probabilities: boolean;
  private readonly ranked: boolean;
  private total = 0;
  /**
   * 1/d for every total weight d a walk can reach (0 at 0): the precision of average precision as a
   * product, not a division per row — the division was most of a walk's time.
   */
  private reciprocals = new Float64Array(0);

  constructor(private readonly prepared: PreparedBinaryBootstrap) {
    this.weightAt = new Uint8Array(prepared.rows);
    this.probabilities = prepared.metrics.some((m) => PROBABILITY.includes(m));
    this.ranked = prepared.metrics.some((m) => RANKED.includes(m));
    this.baselineWeightAt = new Uint8Array(this.ranked ? prepared.rows : 0);
  }

  /** Draws the resample of (multiplier, offset); multiplier 0 weighs every row once instead. */
  resample(multiplier: number, offset: number): void {
    const prepared = this.prepared;
    if (multiplier === 0) this.weightAt.fill(1);
    else fillPoissonWeightsOf(multiplier, offset, prepared.rowAt, this.weightAt);
    this.cells.fill(0);
    if (this.probabilities) {
      this.calibration.fill(0);
      this.total = sumCellsAndLosses(prepared, this.weightAt, this.cells, this.linear, this.calibration);
      let candidate = 0;
      let baseline = 0;
      for (let bin = 0; bin < 16; bin++) {
        candidate += Math.abs(this.calibration[bin]!);
        baseline += Math.abs(this.calibration[16 + bin]!);
      }
      this.linear[2] = candidate;
      this.linear[5] = baseline;
    } else {
      this.total = sumCells(prepared.cell, this.weightAt, this.cells);
    }
    if (this.ranked) {
      this.ensureReciprocals(this.total);
      walkOrder(this.weightAt, prepared.positive, prepared.groupStart, this.reciprocals, this.curves, 0);
      if (multiplier === 0) this.baselineWeightAt.fill(1);
      else fillPoissonWeightsOf(multiplier, offset, prepared.baselineRowAt, this.baselineWeightAt);
      walkOrder(
        this.baselineWeightAt,
        prepared.baselinePositive,
        prepared.baselineGroupStart,
        this.reciprocals,
        this.curves,
        4,
      );
    }
  }

  private ensureReciprocals(total: number): void {
    if (this.reciprocals.length > total) return;
    // With headroom, so that the next resamples' totals (n ± a few √n) rarely grow it again.
    const reciprocals = new Float64Array(Math.ceil(total * 1.01) + 64);
    for (let d = 1; d < reciprocals.length; d++) reciprocals[d] = 1 / d;
    this.reciprocals = reciprocals;
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
        return this.linear[3 * model]! / this.total;
      case 'brier_score':
        return this.linear[3 * model + 1]! / this.total;
      case 'ece':
        return this.linear[3 * model + 2]! / this.total;
    }
  }
}

/** The weight of each of the 8 cells; returns the total weight. */
function sumCells(cell: Uint8Array, weightAt: Uint8Array, cells: Float64Array): number {
  let total = 0;
  for (let position = 0; position < cell.length; position++) {
    const weight = weightAt[position]!;
    cells[cell[position]!]! += weight;
    total += weight;
  }
  return total;
}

/**
 * `sumCells`, and the weighted sums of the log losses and squared gaps, and of the gaps per calibration
 * bin, in the same pass; returns the total weight.
 */
function sumCellsAndLosses(
  prepared: PreparedBinaryBootstrap,
  weightAt: Uint8Array,
  cells: Float64Array,
  linear: Float64Array,
  calibration: Float64Array,
): number {
  const { cell, lossCandidate, lossBaseline, gapCandidate, gapBaseline, bins } = prepared;
  let total = 0;
  let lossC = 0;
  let lossB = 0;
  let brierC = 0;
  let brierB = 0;
  for (let position = 0; position < weightAt.length; position++) {
    const weight = weightAt[position]!;
    const gapC = gapCandidate[position]!;
    const gapB = gapBaseline[position]!;
    const bin = bins[position]!;
    cells[cell[position]!]! += weight;
    total += weight;
    lossC += weight * lossCandidate[position]!;
    lossB += weight * lossBaseline[position]!;
    brierC += weight * (gapC * gapC);
    brierB += weight * (gapB * gapB);
    calibration[bin >> 4]! += weight * gapC;
    calibration[16 + (bin & 15)]! += weight * gapB;
  }
  linear[0] = lossC;
  linear[1] = brierC;
  linear[3] = lossB;
  linear[4] = brierB;
  return total;
}

/**
 * One model's ROC and precision–recall sums, walking its order from the top: at each tie group (a
 * threshold), the group's negatives win over the positives above them (ties ½), and the group's
 * positives add recall at the precision of "score ≥ group". Written into curves[at … at + 3].
 *
 * No branch: a group closes through `closes` (0 or 1) as arithmetic, since with many ties (float32
 * scores) a branch was often mispredicted; the weight counts are int32 (a resample's total weight is far
 * below 2³¹), so the loop-carried chains are integer adds and masks, not float multiply-adds. Every sum
 * is exactly what a branch per group would give.
 */
function walkOrder(
  weightAt: Uint8Array,
  positive: Uint8Array,
  groupStart: Uint8Array,
  reciprocals: Float64Array,
  curves: Float64Array,
  at: number,
): void {
  let groupPositives = 0;
  let groupNegatives = 0;
  let positives = 0;
  let negatives = 0;
  let pairsWon = 0;
  let precisionSum = 0;
  for (let k = positive.length - 1; k >= 0; k--) {
    const weight = weightAt[k]!;
    const weightPositive = weight & -positive[k]!;
    groupPositives = (groupPositives + weightPositive) | 0;
    groupNegatives = (groupNegatives + weight - weightPositive) | 0;
    const closes = groupStart[k]!;
    const closing = -closes;
    pairsWon += closes * (groupNegatives * (positives + 0.5 * groupPositives));
    const addedPositives = groupPositives & closing;
    positives = (positives + addedPositives) | 0;
    negatives = (negatives + (groupNegatives & closing)) | 0;
    // A group without positive weight adds no recall (reciprocals[0] is 0: no 1/0 before any weight).
    precisionSum += addedPositives * positives * reciprocals[(positives + negatives) | 0]!;
    groupPositives &= closes - 1;
    groupNegatives &= closes - 1;
  }
  curves[at] = positives;
  curves[at + 1] = negatives;
  curves[at + 2] = pairsWon;
  curves[at + 3] = precisionSum;
}

/** 0/0 → 0, as the registry's thresholded statistics do. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
