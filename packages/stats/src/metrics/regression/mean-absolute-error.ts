import type { MetricOptions } from '../metric-options';
import { checkRegressionInputs } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';

/**
 * (1/W) Σ wᵢ·|yᵢ − ŷᵢ| — scikit-learn's `mean_absolute_error`.
 *
 * @example meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.5 (sklearn's docstring example)
 */
export function meanAbsoluteError(
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkRegressionInputs('mae', truth, predictions, options.weights);
  return weightedMean(absoluteErrors(truth, predictions), options.weights);
}

/** |yᵢ − ŷᵢ| per row; also what the Wilcoxon comparison of two regressors ranks. */
export function absoluteErrors(truth: ArrayLike<number>, predictions: ArrayLike<number>): Float64Array {
  const errors = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) errors[i] = Math.abs(truth[i]! - predictions[i]!);
  return errors;
}
