import type { MetricOptions } from '../metric-options';
import { requireClassLabels, requireRows, requireSameLength, requireWeights } from '../validate-inputs';

export interface MulticlassOptions extends MetricOptions {
  /** Number of classes K (labels 0..K−1). Default: the largest label or prediction + 1. */
  classCount?: number;
}

/**
 * K×K matrix whose entry [t][p] counts (or sums the weights of) rows with true class t predicted as p —
 * scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(K))`: rows are truth, columns predictions.
 *
 * @example multiclassConfusionMatrix([0, 1, 2, 2], [0, 2, 2, 1]) // [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
 */
export function multiclassConfusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MulticlassOptions = {},
): number[][] {
  return validatedConfusionMatrix('confusion_matrix', labels, predictions, options);
}

/** Validates class labels and weights, then tallies; shared by the metrics derived from the matrix. */
export function validatedConfusionMatrix(
  metric: string,
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MulticlassOptions,
): number[][] {
  requireRows(metric, 'labels', labels);
  requireSameLength(metric, 'predictions', predictions, labels.length);
  requireClassLabels(metric, 'labels', labels, options.classCount);
  requireClassLabels(metric, 'predictions', predictions, options.classCount);
  requireWeights(metric, options.weights, labels.length);
  const classCount = options.classCount ?? Math.max(largest(labels), largest(predictions)) + 1;
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < labels.length; i++) {
    matrix[labels[i]!]![predictions[i]!]! += options.weights === undefined ? 1 : options.weights[i]!;
  }
  return matrix;
}

function largest(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return max;
}
