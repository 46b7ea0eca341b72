import type { MetricOptions, WeightedStatistic } from '../metric-options';
import { checkRegressionInputs } from '../validate-inputs';
import { absoluteErrors } from './mean-absolute-error';
import { ascendingOrder, weightedMedian, weightedMedianInOrder } from './weighted-median';

/**
 * median(|yᵢ − ŷᵢ|) — scikit-learn's `median_absolute_error`, robust to outliers. Weights are frequency
 * weights: the result is the median of the errors repeated by weight (two middle values averaged), which
 * for non-integer weights can differ from sklearn's weighted percentile.
 *
 * @example medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.5 (sklearn's docstring example)
 */
export function medianAbsoluteError(
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkRegressionInputs('median_ae', truth, predictions, options.weights);
  return weightedMedian(absoluteErrors(truth, predictions), options.weights);
}

/** Validates and sorts the errors once, so each bootstrap resample is one linear pass. */
export function prepareMedianAbsoluteError(
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
): WeightedStatistic {
  checkRegressionInputs('median_ae', truth, predictions, undefined);
  const errors = absoluteErrors(truth, predictions);
  const order = ascendingOrder(errors);
  return (weights) => weightedMedianInOrder(errors, order, weights);
}
