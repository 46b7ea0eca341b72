import type { MetricOptions } from '../metric-options';
import { checkRegressionInputs } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';

/**
 * Coefficient of determination R² = 1 − SS_res / SS_tot with SS_res = Σ wᵢ·(yᵢ − ŷᵢ)² and
 * SS_tot = Σ wᵢ·(yᵢ − ȳ_w)² — scikit-learn's `r2_score` with its default `force_finite=True`:
 * when the truth is constant (SS_tot = 0) the value is 1 if the predictions are perfect and 0 otherwise,
 * reported with a 'convention' warning. Fewer than two rows: sklearn warns and returns NaN; so do we
 * ('undefined'). R² can be negative: a model worse than predicting the mean.
 *
 * @example r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.9486… (sklearn's docstring example)
 */
export function r2Score(
  truth: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkRegressionInputs('r2', truth, predictions, options.weights);
  if (truth.length < 2) {
    options.onWarning?.({
      metric: 'r2',
      code: 'undefined',
      message: 'r2 is not defined for fewer than two rows',
    });
    return Number.NaN;
  }
  const { weights } = options;
  const mean = weightedMean(truth, weights);
  let residualSum = 0;
  let totalSum = 0;
  for (let i = 0; i < truth.length; i++) {
    const weight = weights === undefined ? 1 : weights[i]!;
    residualSum += weight * (truth[i]! - predictions[i]!) ** 2;
    totalSum += weight * (truth[i]! - mean) ** 2;
  }
  if (totalSum !== 0) return 1 - residualSum / totalSum;
  const value = residualSum === 0 ? 1 : 0;
  options.onWarning?.({
    metric: 'r2',
    code: 'convention',
    message: `r2 is 0/0-like for a constant truth; returning ${value} as scikit-learn's force_finite does`,
  });
  return value;
}
