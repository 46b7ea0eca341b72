import type { MetricOptions, ThresholdOptions, WeightedStatistic } from '../metric-options';
import type { ProbabilityRows } from '../multiclass/probability-rows';

export type MetricTask = 'binary' | 'multiclass' | 'regression';

/** The values a metric can take; ±Infinity where unbounded. */
export interface MetricRange {
  min: number;
  max: number;
}

export interface MetricDescription {
  /** The key users write (`metrics: roc_auc, f1`), unique within a task. */
  name: string;
  /** How a table heads the column. */
  title: string;
  /** True when larger is better (accuracy); false for losses and errors. */
  higherIsBetter: boolean;
  range: MetricRange;
  /** The definition it follows, e.g. "scikit-learn roc_auc_score". */
  definition: string;
}

/** Binary metrics score probabilities (or scores) of class 1 against labels 0/1. */
export interface BinaryMetricDefinition extends MetricDescription {
  task: 'binary';
  compute(labels: ArrayLike<number>, scores: ArrayLike<number>, options?: ThresholdOptions): number;
  /** Validates once and returns the metric as a function of row weights, for the bootstrap. */
  prepare(
    labels: ArrayLike<number>,
    scores: ArrayLike<number>,
    options?: ThresholdOptions,
  ): WeightedStatistic;
}

/** Multiclass metrics score probability rows (class k in column k) against labels 0..K−1. */
export interface MulticlassMetricDefinition extends MetricDescription {
  task: 'multiclass';
  compute(labels: ArrayLike<number>, probabilities: ProbabilityRows, options?: MetricOptions): number;
  prepare(labels: ArrayLike<number>, probabilities: ProbabilityRows): WeightedStatistic;
}

export interface RegressionMetricDefinition extends MetricDescription {
  task: 'regression';
  compute(truth: ArrayLike<number>, predictions: ArrayLike<number>, options?: MetricOptions): number;
  prepare(truth: ArrayLike<number>, predictions: ArrayLike<number>): WeightedStatistic;
}

export type MetricDefinition =
  BinaryMetricDefinition | MulticlassMetricDefinition | RegressionMetricDefinition;

export const UNIT_RANGE: MetricRange = { min: 0, max: 1 };
export const NON_NEGATIVE_RANGE: MetricRange = { min: 0, max: Number.POSITIVE_INFINITY };
