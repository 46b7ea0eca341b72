import type { ThresholdOptions, ZeroDivisionOptions } from '../metric-options';
import { ratioOrZeroDivision } from '../zero-division';
import { validatedOutcomes } from './binary-confusion-matrix';

/**
 * F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall — scikit-learn's `f1_score`
 * (binary). Written this way (as recent sklearn computes it) it is ill-defined only when TP + FP + FN = 0,
 * i.e. no positive labels and no positive predictions; then it returns 0 (or `zeroDivision`) with a
 * 'zero-division' warning.
 *
 * @example f1Score([0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6]) // 0.5 = 2·1 / (2·1 + 1 + 1)
 */
export function f1Score(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions & ZeroDivisionOptions = {},
): number {
  const { truePositives, falsePositives, falseNegatives } = validatedOutcomes('f1', labels, scores, options);
  return ratioOrZeroDivision(
    2 * truePositives,
    2 * truePositives + falsePositives + falseNegatives,
    'f1',
    'no positive labels and no positive predictions',
    options,
  );
}
