import { DEFAULT_THRESHOLD } from '../binary/binary-confusion-matrix';
import type { SharedBinaryInputs } from '../binary/shared-inputs';
import { rowLogLoss } from '../binary/log-loss';
import {
  calibrationBin,
  calibrationBinEdges,
  DEFAULT_CALIBRATION_BINS,
} from '../binary/expected-calibration-error';
import { checkBinaryInputs, requireThreshold } from '../validate-inputs';
import { argsortFloat64 } from '../numerics/argsort';
import { orderWalker, type OrderedScores, type OrderWalker, type WalkSums } from './bootstrap-walk';
import { resampleKey } from './poisson-weights';

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
  /** What the metrics of each model computed already (checks, score order), candidate then baseline. */
  shared?: readonly [SharedBinaryInputs | undefined, SharedBinaryInputs | undefined];
}

/**
 * Everything a resample needs: each model's rows in its ascending score order with what each row adds
 * to every metric (plain data: it can be posted to worker threads).
 */
export interface PreparedBinaryBootstrap {
  metrics: readonly FusedBinaryMetric[];
  rows: number;
  /** The candidate's order, then the baseline's. */
  orders: [OrderedScores, OrderedScores];
  /**
   * Each model's log loss and Brier terms summed over every row, candidate then baseline (the point
   * values: the walks sum only the differences); 0 when no probability metric is asked for.
   */
  lossTotals: [LossTotals, LossTotals];
}

export interface LossTotals {
  loss: number;
  brier: number;
}

const PROBABILITY: readonly FusedBinaryMetric[] = ['log_loss', 'brier_score', 'ece'];

/**
 * Each model's scores sorted, with what laying the rows out needs (plain data: it can be posted to a
 * worker thread, which lays them out itself while this thread does other work).
 */
export interface SortedBinaryBootstrap {
  metrics: readonly FusedBinaryMetric[];
  labels: ArrayLike<number>;
  /** The candidate's scores and rows in ascending score order, then the baseline's. */
  scores: [ArrayLike<number>, ArrayLike<number>];
  rowAt: [Uint32Array, Uint32Array];
  threshold: number;
  /** The losses and calibration gaps are laid out too (a probability metric is asked for). */
  probabilities: boolean;
}

/**
 * Sorts each model's scores once and lays every row's contribution to every metric out in that
 * model's score order, so that a resample is one walk of each order. Every metric of a model depends
 * on that model's scores and the labels only: its confusion counts are the weights above the
 * threshold's position, its losses and calibration sums per bin are sums over the order (a bin is a
 * range of positions). Validates as the metrics do.
 */
export function prepareBinaryBootstrap(input: BinaryBootstrapInput): PreparedBinaryBootstrap {
  return layOutBinaryBootstrap(sortBinaryBootstrap(input));
}

/** `prepareBinaryBootstrap`'s checks and sorts (the sorts the metrics reuse, through `input.shared`). */
export function sortBinaryBootstrap(input: BinaryBootstrapInput): SortedBinaryBootstrap {
  const { labels, candidate, baseline, metrics } = input;
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const probabilities = metrics.some((metric) => PROBABILITY.includes(metric));
  for (const metric of metrics) requireThreshold(metric, threshold);
  const first = metrics[0] ?? 'bootstrap';
  const [candidateShared, baselineShared] = input.shared ?? [];
  checkBinaryInputs(first, labels, candidate, undefined, probabilities, candidateShared);
  checkBinaryInputs(first, labels, baseline, undefined, probabilities, baselineShared);
  // The ascending order the metrics sort the scores into (sorted here, once, when they have not yet).
  const sort = (scores: ArrayLike<number>, shared: SharedBinaryInputs | undefined) =>
    shared?.for(labels, scores)?.scoreGroups().order ?? argsortFloat64(scores);
  return {
    metrics,
    labels,
    scores: [candidate, baseline],
    rowAt: [sort(candidate, candidateShared), sort(baseline, baselineShared)],
    threshold,
    probabilities,
  };
}

/**
 * `prepareBinaryBootstrap`'s layout of the sorted rows: the same arrays, on whichever thread; with
 * `shared`, the large ones on shared memory, so that another thread can walk them without a copy.
 */
export function layOutBinaryBootstrap(
  sorted: SortedBinaryBootstrap,
  { shared = false }: { shared?: boolean } = {},
): PreparedBinaryBootstrap {
  const { labels, scores, rowAt, threshold, probabilities } = sorted;
  const arrays = shared ? sharedArrays : localArrays;
  // The candidate's walk adds both models' loss differences; the baseline's adds none.
  const candidate = orderScores(labels, scores[0], threshold, probabilities, rowAt[0], arrays, scores[1]);
  const baseline = orderScores(labels, scores[1], threshold, probabilities, rowAt[1], arrays);
  return {
    metrics: sorted.metrics,
    rows: labels.length,
    orders: [candidate.order, baseline.order],
    lossTotals: [candidate.totals, baseline.totals],
  };
}

/**
 * A model's order, and its log loss and Brier terms summed over every row. Given the baseline's
 * scores (the candidate's order), each position also holds the row's log loss and Brier term minus
 * the baseline's.
 */
function orderScores(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  probabilities: boolean,
  rowAt: Uint32Array,
  arrays: LayoutArrays,
  baselineScores?: ArrayLike<number>,
): { order: OrderedScores; totals: LossTotals } {
  const rows = labels.length;
  // The scores and labels in score order first (the only reads at random rows), then one pass in order.
  const ordered = new Float64Array(rows);
  const flags = arrays.bytes(rows);
  gatherInOrder(rowAt, labels, scores, ordered, flags);
  const gap = arrays.doubles(probabilities ? rows : 0);
  const edges = calibrationBinEdges(DEFAULT_CALIBRATION_BINS);
  const cuts = [0];
  const cutBins = [probabilities ? calibrationBin(ordered[0]!, edges) : 0];
  let thresholdAt = rows;
  let bin = cutBins[0]!;
  let groupStart = 0;
  for (let position = 0; position < rows; position++) {
    const score = ordered[position]!;
    const label = flags[position]!;
    if (position === 0 || ordered[position - 1] !== score) {
      flags[position] = label | 2;
      groupStart = position;
    }
    // A group that holds a positive row adds to recall where it starts (the walk's last position of it).
    if (label === 1) flags[groupStart]! |= 4;
    if (thresholdAt === rows && score >= threshold) thresholdAt = position;
    if (!probabilities) continue;
    // As brierTerms and prepareExpectedCalibrationError compute it per row.
    gap[position] = label - score;
    // Scores ascend, so the bin only moves up: calibrationBin's count of edges below, without a search.
    const previousBin = bin;
    while (bin < edges.length && edges[bin]! < score) bin++;
    if (position > 0 && (bin !== previousBin || position === thresholdAt)) {
      cuts.push(position);
      cutBins.push(bin);
    }
  }
  if (!probabilities && thresholdAt > 0 && thresholdAt < rows) {
    cuts.push(thresholdAt);
    cutBins.push(0);
  }
  cuts.push(rows);
  const differences = probabilities && baselineScores !== undefined;
  const lossDelta = arrays.doubles(differences ? rows : 0);
  const brierDelta = arrays.doubles(differences ? rows : 0);
  // Summed from the top down, as the walks add.
  const totals = { loss: 0, brier: 0 };
  for (let position = gap.length - 1; position >= 0; position--) {
    const label = flags[position]! & 1;
    const loss = rowLogLoss(label, ordered[position]!);
    const brier = gap[position]! * gap[position]!;
    totals.loss += loss;
    totals.brier += brier;
    if (!differences) continue;
    const other = baselineScores[rowAt[position]!]!;
    const otherGap = label - other;
    lossDelta[position] = loss - rowLogLoss(label, other);
    brierDelta[position] = brier - otherGap * otherGap;
  }
  return {
    order: {
      rowAt,
      flags,
      gap,
      lossDelta,
      brierDelta,
      cuts: Int32Array.from(cuts),
      cutBins: Int32Array.from(cutBins),
      thresholdAt,
    },
    totals,
  };
}

/** Where a layout's large arrays live. */
interface LayoutArrays {
  bytes(length: number): Uint8Array;
  doubles(length: number): Float64Array;
}
const localArrays: LayoutArrays = {
  bytes: (length) => new Uint8Array(length),
  doubles: (length) => new Float64Array(length),
};
const sharedArrays: LayoutArrays = {
  bytes: (length) => new Uint8Array(new SharedArrayBuffer(length)),
  doubles: (length) => new Float64Array(new SharedArrayBuffer(8 * length)),
};

/** Each position's score into `ordered` and its label (1 for positive, else 0) into `flags`. */
function gatherInOrder(
  rowAt: Uint32Array,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  ordered: Float64Array,
  flags: Uint8Array,
): void {
  for (let position = 0; position < rowAt.length; position++) {
    const row = rowAt[position]!;
    ordered[position] = scores[row]!;
    flags[position] = labels[row] === 1 ? 1 : 0;
  }
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
  const sums = resampleSums(prepared);
  const write = (resample: number, lane: number) => {
    for (let m = 0; m < deltas.length; m++)
      deltas[m]![resample - from] = sums.delta(prepared.metrics[m]!, lane);
  };
  let resample = from;
  if (sums.lanes === 4) {
    const keys = new Int32Array(8);
    for (; resample + 4 <= to; resample += 4) {
      for (let lane = 0; lane < 4; lane++) {
        const { multiplier, offset } = resampleKey(seed, resample + lane);
        keys[lane] = multiplier;
        keys[4 + lane] = offset;
      }
      sums.resample4(keys);
      for (let lane = 0; lane < 4; lane++) write(resample + lane, lane);
    }
  }
  for (; resample < to; resample++) {
    const { multiplier, offset } = resampleKey(seed, resample);
    sums.resample(multiplier, offset);
    write(resample, 0);
  }
  return deltas;
}

/** Each metric of the candidate and the baseline on all rows, each once: [candidate, baseline]. */
export function binaryMetricValues(prepared: PreparedBinaryBootstrap): [number, number][] {
  const sums = resampleSums(prepared);
  sums.resample(0, 0);
  const value = (metric: FusedBinaryMetric, model: 0 | 1) => {
    const total = sums.total(model);
    if (metric === 'log_loss') return prepared.lossTotals[model].loss / total;
    if (metric === 'brier_score') return prepared.lossTotals[model].brier / total;
    return sums.value(metric, model);
  };
  return prepared.metrics.map((metric) => [value(metric, 0), value(metric, 1)]);
}

/**
 * The walker of each prepared bootstrap, made once: it copies the prepared rows into WebAssembly memory,
 * which per call (a thread's chunk of a few resamples) would cost more than the resamples.
 */
const walkers = new WeakMap<PreparedBinaryBootstrap, ResampleSums>();

function resampleSums(prepared: PreparedBinaryBootstrap): ResampleSums {
  let sums = walkers.get(prepared);
  if (!sums) {
    sums = new ResampleSums(prepared);
    walkers.set(prepared, sums);
  }
  return sums;
}

/**
 * The sufficient statistics of every metric under one resample's weights: one walk of each model's
 * score order (`bootstrap-walk.ts`).
 */
class ResampleSums {
  private readonly walker: OrderWalker;
  /** Per model, the sums of up to four resamples (lanes). */
  private readonly sums = [0, 1].map(() => [0, 1, 2, 3].map(emptySums));
  /** 4 when the walker draws four resamples at once. */
  readonly lanes: number;

  constructor(prepared: PreparedBinaryBootstrap) {
    this.walker = orderWalker(prepared.orders, prepared.rows);
    this.lanes = this.walker.walk4 ? 4 : 1;
  }

  /** Draws the resample of (multiplier, offset) into lane 0; multiplier 0 weighs every row once instead. */
  resample(multiplier: number, offset: number): void {
    this.walker.walk(0, multiplier, offset, this.sums[0]![0]!);
    this.walker.walk(1, multiplier, offset, this.sums[1]![0]!);
  }

  /** Draws four resamples into lanes 0–3 (`OrderWalker.walk4`'s keys). */
  resample4(keys: Int32Array): void {
    this.walker.walk4!(0, keys, this.sums[0]!);
    this.walker.walk4!(1, keys, this.sums[1]!);
  }

  /** The total weight of a lane's resample (the same in both models' walks). */
  total(model: 0 | 1, lane = 0): number {
    const sums = this.sums[model]![lane]!;
    return sums.positives + sums.negatives;
  }

  /**
   * The candidate − baseline delta of a metric in a lane: of a mean loss, the mean of the rows'
   * differences (the candidate's walk sums them); else the difference of the two values.
   */
  delta(metric: FusedBinaryMetric, lane: number): number {
    const candidate = this.sums[0]![lane]!;
    if (metric === 'log_loss') return candidate.lossDeltaSum / this.total(0, lane);
    if (metric === 'brier_score') return candidate.brierDeltaSum / this.total(0, lane);
    return this.value(metric, 0, lane) - this.value(metric, 1, lane);
  }

  /**
   * The metric of the candidate (0) or the baseline (1), as the registry's prepared statistics define
   * it; not the mean losses, of which the walks sum only the differences (see `delta`).
   */
  value(metric: Exclude<FusedBinaryMetric, 'log_loss' | 'brier_score'>, model: 0 | 1, lane = 0): number {
    const sums = this.sums[model]![lane]!;
    const { positives, negatives, truePositives: tp, falsePositives: fp } = sums;
    const fn = positives - tp;
    const tn = negatives - fp;
    const total = positives + negatives;
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
        return (sums.pairs2 * 0.5) / (positives * negatives);
      case 'average_precision':
        return positives === 0 ? Number.NaN : sums.precisionSum / positives;
      case 'ece':
        return sums.calibrationSum / total;
    }
  }
}

function emptySums(): WalkSums {
  return {
    positives: 0,
    negatives: 0,
    truePositives: 0,
    falsePositives: 0,
    pairs2: 0,
    precisionSum: 0,
    lossDeltaSum: 0,
    brierDeltaSum: 0,
    calibrationSum: 0,
  };
}

/** 0/0 → 0, as the registry's thresholded statistics do. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
