import type { ThresholdOptions } from '../metric-options';
import { checkBinaryInputs, requireThreshold } from '../validate-inputs';

/** Counts (or summed weights) of the four outcomes, in scikit-learn's `confusion_matrix(...).ravel()` order. */
export interface BinaryConfusionMatrix {
  trueNegatives: number;
  falsePositives: number;
  falseNegatives: number;
  truePositives: number;
}

export const DEFAULT_THRESHOLD = 0.5;

/**
 * The 2×2 confusion matrix of thresholded scores, as scikit-learn's `confusion_matrix(y_true, y_pred)`
 * with `y_pred = score >= threshold` (the rule of sklearn's `FixedThresholdClassifier`).
 *
 * @example binaryConfusionMatrix([0, 1, 1], [0.2, 0.7, 0.4]) // { trueNegatives: 1, falsePositives: 0, falseNegatives: 1, truePositives: 1 }
 */
export function binaryConfusionMatrix(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions = {},
): BinaryConfusionMatrix {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  requireThreshold('confusion_matrix', threshold);
  checkBinaryInputs('confusion_matrix', labels, scores, options.weights);
  return countBinaryOutcomes(labels, scores, threshold, options.weights);
}

/** The counting kernel behind every thresholded binary metric; inputs already validated. */
export function countBinaryOutcomes(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  weights: ArrayLike<number> | undefined,
): BinaryConfusionMatrix {
  let trueNegatives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let truePositives = 0;
  for (let i = 0; i < labels.length; i++) {
    const weight = weights === undefined ? 1 : weights[i]!;
    const predictedPositive = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (predictedPositive) truePositives += weight;
      else falseNegatives += weight;
    } else if (predictedPositive) falsePositives += weight;
    else trueNegatives += weight;
  }
  return { trueNegatives, falsePositives, falseNegatives, truePositives };
}

/** Validates like `binaryConfusionMatrix`, then counts; shared by the metrics derived from the matrix. */
export function validatedOutcomes(
  metric: string,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions,
): BinaryConfusionMatrix {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  requireThreshold(metric, threshold);
  checkBinaryInputs(metric, labels, scores, options.weights, false, options.shared);
  const memo = options.weights === undefined ? options.shared?.for(labels, scores) : undefined;
  if (memo) return memo.countsAt(threshold, () => countBinaryOutcomes(labels, scores, threshold, undefined));
  return countBinaryOutcomes(labels, scores, threshold, options.weights);
}
