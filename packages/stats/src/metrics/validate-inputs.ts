import type { SharedBinaryInputs } from './binary/shared-inputs';
import { MetricInputError } from './metric-input-error';

// One pass per argument, failing on the first bad row so the message can name it.

export function requireRows(metric: string, argument: string, values: ArrayLike<unknown>): void {
  if (values.length === 0) {
    throw new MetricInputError(metric, argument, undefined, 'is empty', 'a metric needs at least one row');
  }
}

export function requireSameLength(
  metric: string,
  argument: string,
  values: ArrayLike<unknown>,
  expected: number,
  reference = 'labels',
): void {
  if (values.length !== expected) {
    throw new MetricInputError(
      metric,
      argument,
      undefined,
      `has ${values.length} rows but ${reference} has ${expected}`,
      'pass one value per row',
    );
  }
}

export function requireFinite(metric: string, argument: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      throw new MetricInputError(
        metric,
        argument,
        i,
        `is ${String(value)}`,
        'metrics need finite numbers; drop or impute missing rows first',
      );
    }
  }
}

export function requireBinaryLabels(metric: string, argument: string, labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label !== 0 && label !== 1) {
      throw new MetricInputError(
        metric,
        argument,
        i,
        `is ${String(label)}`,
        'binary labels must be 0 or 1; map the positive class to 1 first',
      );
    }
  }
}

export function requireProbabilities(metric: string, argument: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!(value >= 0 && value <= 1)) {
      throw new MetricInputError(
        metric,
        argument,
        i,
        `is ${String(value)}`,
        'this metric needs probabilities in [0, 1]; apply a sigmoid or softmax to raw scores first',
      );
    }
  }
}

/** Class labels must be integers 0..classCount−1. */
export function requireClassLabels(
  metric: string,
  argument: string,
  labels: ArrayLike<number>,
  classCount = Number.POSITIVE_INFINITY,
): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(Number.isInteger(label) && label >= 0 && label < classCount)) {
      const range = Number.isFinite(classCount) ? `0..${classCount - 1}` : 'integers ≥ 0';
      throw new MetricInputError(
        metric,
        argument,
        i,
        `is ${String(label)}`,
        `class labels must be ${range}; encode classes as their index first`,
      );
    }
  }
}

/** Weights must be finite, non-negative, one per row, and not all zero. */
export function requireWeights(metric: string, weights: ArrayLike<number> | undefined, rows: number): void {
  if (weights === undefined) return;
  requireSameLength(metric, 'weights', weights, rows, 'the data');
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!;
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new MetricInputError(
        metric,
        'weights',
        i,
        `is ${String(weight)}`,
        'weights must be finite and ≥ 0',
      );
    }
    total += weight;
  }
  if (total === 0) {
    throw new MetricInputError(
      metric,
      'weights',
      undefined,
      'are all zero',
      'give at least one row a positive weight',
    );
  }
}

export function requireThreshold(metric: string, threshold: number): void {
  if (!Number.isFinite(threshold)) {
    throw new MetricInputError(
      metric,
      'threshold',
      undefined,
      `is ${String(threshold)}`,
      'use a finite number',
    );
  }
}

/** The checks every binary metric shares; `probabilities` adds the [0, 1] range check. */
export function checkBinaryInputs(
  metric: string,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  probabilities = false,
  shared?: SharedBinaryInputs,
): void {
  requireRows(metric, 'labels', labels);
  requireSameLength(metric, 'scores', scores, labels.length);
  // The checks of every row, once for all the metrics of the same arrays (see SharedBinaryInputs).
  const memo = shared?.for(labels, scores);
  const values = () => {
    requireBinaryLabels(metric, 'labels', labels);
    requireFinite(metric, 'scores', scores);
  };
  if (memo) memo.checkOnce('values', values);
  else values();
  if (probabilities) {
    const unit = () => requireProbabilities(metric, 'scores', scores);
    if (memo) memo.checkOnce('probabilities', unit);
    else unit();
  }
  requireWeights(metric, weights, labels.length);
}

/** The checks every regression metric shares. */
export function checkRegressionInputs(
  metric: string,
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
): void {
  requireRows(metric, 'truth', truth);
  requireSameLength(metric, 'predictions', predictions, truth.length, 'truth');
  requireFinite(metric, 'truth', truth);
  requireFinite(metric, 'predictions', predictions);
  requireWeights(metric, weights, truth.length);
}
