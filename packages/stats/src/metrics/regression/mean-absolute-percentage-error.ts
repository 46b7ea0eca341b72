import type { MetricOptions } from '../metric-options';
import { checkRegressionInputs } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';

/**
 * (1/W) Σ wᵢ·|yᵢ − ŷᵢ| / max(|yᵢ|, ε) with ε = 2⁻⁵² (`np.finfo(np.float64).eps`) — scikit-learn's
 * `mean_absolute_percentage_error`. A fraction, not a percentage (0.1 means 10 %); a zero truth gives a
 * huge but finite term, as in sklearn.
 *
 * @example meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.3273… (sklearn's docstring example)
 */
export function meanAbsolutePercentageError(
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkRegressionInputs('mape', truth, predictions, options.weights);
  return weightedMean(percentageErrors(truth, predictions), options.weights);
}

export function percentageErrors(truth: ArrayLike<number>, predictions: ArrayLike<number>): Float64Array {
  const errors = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) {
    errors[i] = Math.abs(truth[i]! - predictions[i]!) / Math.max(Math.abs(truth[i]!), Number.EPSILON);
  }
  return errors;
}
