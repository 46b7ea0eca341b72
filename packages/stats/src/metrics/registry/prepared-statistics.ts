import type { MetricOptions, WeightedStatistic } from '../metric-options';
import { weightedMean } from '../weighted-mean';

/** A per-row loss averaged under the weights: the rows' losses are computed (and validated) once. */
export function rowMean(
  rowLosses: Float64Array,
  transform: (mean: number) => number = (mean) => mean,
): WeightedStatistic {
  return (weights) => transform(weightedMean(rowLosses, weights));
}

/** Falls back to calling the metric itself (validating each time) for metrics without a faster form. */
export function recompute<Truth, Prediction>(
  compute: (truth: Truth, prediction: Prediction, options?: MetricOptions) => number,
  truth: Truth,
  prediction: Prediction,
  options: MetricOptions = {},
): WeightedStatistic {
  compute(truth, prediction, options); // validate now, so bad input fails before any resampling
  return (weights) => compute(truth, prediction, weights === undefined ? options : { ...options, weights });
}
