import type { MetricOptions } from '../metric-options';
import { checkRegressionInputs } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';

/**
 * √((1/W) Σ wᵢ·(yᵢ − ŷᵢ)²) — scikit-learn's `root_mean_squared_error` (the square root of the weighted mean,
 * not the mean of per-row roots).
 *
 * @example rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.6123… = √0.375 (sklearn's docstring example)
 */
export function rootMeanSquaredError(
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkRegressionInputs('rmse', truth, predictions, options.weights);
  return Math.sqrt(weightedMean(squaredErrors(truth, predictions), options.weights));
}

export function squaredErrors(truth: ArrayLike<number>, predictions: ArrayLike<number>): Float64Array {
  const errors = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) errors[i] = (truth[i]! - predictions[i]!) ** 2;
  return errors;
}
