import type { MetricOptions } from '../metric-options';
import { checkBinaryInputs } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';

/**
 * Mean squared difference between the predicted probability of class 1 and the label:
 *   (1/W) Σ wᵢ·(pᵢ − yᵢ)² — scikit-learn's `brier_score_loss` (binary, pos_label=1). Lower is better;
 * 0 is perfect, 0.25 is what always answering 0.5 scores. Scores must be probabilities in [0, 1].
 *
 * @example brierScore([1, 0], [0.8, 0.4]) // 0.1 = (0.2² + 0.4²) / 2
 */
export function brierScore(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkBinaryInputs('brier_score', labels, scores, options.weights, true, options.shared);
  if (options.weights !== undefined) return weightedMean(brierTerms(labels, scores), options.weights);
  // weightedMean of the row terms, summed as they come: the same additions, no N-sized array.
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (scores[i]! - labels[i]!) ** 2;
  return sum / labels.length;
}

/** Each row's squared error, computed once so a bootstrap only re-weights them. */
export function brierTerms(labels: ArrayLike<number>, scores: ArrayLike<number>): Float64Array {
  const terms = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) terms[i] = (scores[i]! - labels[i]!) ** 2;
  return terms;
}
