import type { ThresholdOptions, ZeroDivisionOptions } from '../metric-options';
import { ratioOrZeroDivision } from '../zero-division';
import { validatedOutcomes } from './binary-confusion-matrix';

/**
 * TP / (TP + FP) — scikit-learn's `precision_score` (binary, pos_label=1). When nothing is predicted
 * positive the ratio is 0/0: like sklearn's `zero_division="warn"` we return 0 (or `zeroDivision`) and
 * report a 'zero-division' warning.
 *
 * @example precision([0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6]) // 0.5 (TP 1, FP 1)
 */
export function precision(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdOptions & ZeroDivisionOptions = {},
): number {
  const { truePositives, falsePositives } = validatedOutcomes('precision', labels, scores, options);
  return ratioOrZeroDivision(
    truePositives,
    truePositives + falsePositives,
    'precision',
    'no row is predicted positive',
    options,
  );
}
