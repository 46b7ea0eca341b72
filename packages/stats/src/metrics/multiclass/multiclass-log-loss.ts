import { clipProbability } from '../binary/log-loss';
import type { MetricOptions } from '../metric-options';
import { requireClassLabels, requireRows, requireWeights } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';
import { checkProbabilityRows } from './probability-rows';
import type { ProbabilityRows } from './probability-rows';

/** How far a row's sum may stray from 1 before we warn; looser than sklearn's √ε so float32 softmax passes. */
export const ROW_SUM_TOLERANCE = 1e-6;

/**
 * Cross-entropy of the true class's probability, natural log — scikit-learn's `log_loss(y_true, P,
 * labels=range(K))`: −(1/W) Σ wᵢ·ln(clip(P[i][yᵢ])), each probability clipped to [ε, 1 − ε], ε = 2⁻⁵²
 * (`np.finfo(float64).eps`). Like recent sklearn we do not renormalise rows; a row whose sum is off by more
 * than 1e-6 brings an 'unnormalised-probabilities' warning.
 *
 * @example multiclassLogLoss([0, 2], [[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]]) // 0.4581… = −(ln 0.5 + ln 0.8) / 2
 */
export function multiclassLogLoss(
  labels: ArrayLike<number>,
  probabilities: ProbabilityRows,
  options: MetricOptions = {},
): number {
  return weightedMean(multiclassLogLosses(labels, probabilities, options), options.weights);
}

/** Validates and returns each row's loss, so a bootstrap only re-weights them. */
export function multiclassLogLosses(
  labels: ArrayLike<number>,
  probabilities: ProbabilityRows,
  options: MetricOptions = {},
): Float64Array {
  requireRows('log_loss', 'labels', labels);
  const classCount = checkProbabilityRows('log_loss', probabilities, labels.length);
  requireClassLabels('log_loss', 'labels', labels, classCount);
  requireWeights('log_loss', options.weights, labels.length);
  warnOnUnnormalisedRow(probabilities, options);
  const losses = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    losses[i] = -Math.log(clipProbability(probabilities[i]![labels[i]!]!));
  }
  return losses;
}

function warnOnUnnormalisedRow(probabilities: ProbabilityRows, options: MetricOptions): void {
  if (options.onWarning === undefined) return;
  for (let i = 0; i < probabilities.length; i++) {
    const row = probabilities[i]!;
    let sum = 0;
    for (let k = 0; k < row.length; k++) sum += row[k]!;
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      options.onWarning({
        metric: 'log_loss',
        code: 'unnormalised-probabilities',
        message: `probabilities[${i}] sums to ${sum}, not 1; pass probabilities (e.g. a softmax output)`,
      });
      return;
    }
  }
}
