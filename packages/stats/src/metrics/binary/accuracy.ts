import type { ThresholdOptions } from '../metric-options';
import { validatedOutcomes } from './binary-confusion-matrix';

/**
 * Share of rows whose thresholded score (score ≥ threshold → 1) equals the label:
 * (TP + TN) / (TP + TN + FP + FN), weighted when weights are given — scikit-learn's `accuracy_score`.
 *
 * @example accuracy([0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6]) // 0.5
 */
export function accuracy(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions = {},
): number {
  const { trueNegatives, falsePositives, falseNegatives, truePositives } = validatedOutcomes(
    'accuracy',
    labels,
    scores,
    options,
  );
  return (truePositives + trueNegatives) / (truePositives + trueNegatives + falsePositives + falseNegatives);
}
