import type { SharedBinaryInputs } from './binary/shared-inputs';
/** Why a metric's value needs a caveat, in the spirit of scikit-learn's `UndefinedMetricWarning`. */
export type MetricWarningCode =
  /** A ratio had a zero denominator; the value is the `zeroDivision` substitute (0 by default). */
  | 'zero-division'
  /** The metric is undefined for these inputs (e.g. ROC AUC with one class); the value is NaN. */
  | 'undefined'
  /** The value is defined by convention rather than by the formula (e.g. R² of a constant target). */
  | 'convention'
  /** Probability rows do not sum to one. */
  | 'unnormalised-probabilities';

export interface MetricWarning {
  metric: string;
  code: MetricWarningCode;
  message: string;
}

export type MetricWarningSink = (warning: MetricWarning) => void;

export interface MetricOptions {
  /**
   * Frequency weights, one per row, finite and ≥ 0: a row of weight 2 counts as that row twice, so
   * integer weights give the metric of the rows repeated (this is how the bootstrap resamples).
   */
  weights?: ArrayLike<number>;
  /** Receives the caveats that scikit-learn would emit as warnings. */
  onWarning?: MetricWarningSink;
  /**
   * Binary metrics: what other metrics of the same labels and scores computed already (checks, score
   * order, counts); ignored for other arrays. See `SharedBinaryInputs`.
   */
  shared?: SharedBinaryInputs;
}

export interface ThresholdOptions extends MetricOptions {
  /** A score at or above the threshold predicts class 1. Default 0.5. */
  threshold?: number;
}

export interface ZeroDivisionOptions {
  /** The value returned when a ratio's denominator is zero, as scikit-learn's `zero_division`. Default 0. */
  zeroDivision?: number;
}

/** Any of our metric functions: truth, prediction, and options that accept weights. */
export type MetricFunction<Truth, Prediction> = (
  truth: Truth,
  prediction: Prediction,
  options?: MetricOptions,
) => number;

/**
 * A metric bound to one model's rows, evaluated under row weights (undefined = every row once). The
 * bootstrap calls it once per resample with that resample's row counts.
 */
export type WeightedStatistic = (weights: ArrayLike<number> | undefined) => number;
