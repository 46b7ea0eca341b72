import type { ThresholdOptions, ZeroDivisionOptions } from '../metric-options';
import { ratioOrZeroDivision } from '../zero-division';
import { validatedOutcomes } from './binary-confusion-matrix';

/**
 * TP / (TP + FN) — scikit-learn's `recall_score` (binary, pos_label=1). With no positive labels the ratio
 * is 0/0: like sklearn's `zero_division="warn"` we return 0 (or `zeroDivision`) and report a warning.
 *
 * @example recall([0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6]) // 0.5 (TP 1, FN 1)
 */
export function recall(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions & ZeroDivisionOptions = {},
): number {
  const { truePositives, falseNegatives } = validatedOutcomes('recall', labels, scores, options);
  return ratioOrZeroDivision(
    truePositives,
    truePositives + falseNegatives,
    'recall',
    'there are no positive labels',
    options,
  );
}
