import type { MetricOptions } from '../metric-options';
import { checkBinaryInputs } from '../validate-inputs';
import { weightedMean } from '../weighted-mean';

/** scikit-learn ≥ 1.5 clips to [eps, 1 − eps] with eps = `np.finfo(float64).eps` = 2⁻⁵² (1.3–1.4: the same via eps="auto"; ≤ 1.2: 1e-15). */
export const PROBABILITY_CLIP_EPSILON = Number.EPSILON;

/**
 * Binary cross-entropy, natural log — scikit-learn's `log_loss(y_true, p)` for 1-D probabilities of class 1:
 *   −(1/W) Σ wᵢ·[yᵢ·ln(clip(pᵢ)) + (1 − yᵢ)·ln(clip(1 − pᵢ))],
 * with each column of sklearn's two-column matrix [1 − p, p] clipped to [ε, 1 − ε], ε = 2⁻⁵².
 * Scores must be probabilities in [0, 1].
 *
 * @example logLoss([1, 0], [0.8, 0.4]) // 0.3669… = −(ln 0.8 + ln 0.6) / 2
 */
export function logLoss(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkBinaryInputs('log_loss', labels, scores, options.weights, true, options.shared);
  if (options.weights !== undefined) return weightedMean(binaryLogLosses(labels, scores), options.weights);
  // weightedMean of the row losses, summed as they come: the same additions, no N-sized array.
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += rowLogLoss(labels[i]!, scores[i]!);
  return sum / labels.length;
}

/** Each row's loss, computed once so a bootstrap only re-weights them. */
export function binaryLogLosses(labels: ArrayLike<number>, scores: ArrayLike<number>): Float64Array {
  const losses = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) losses[i] = rowLogLoss(labels[i]!, scores[i]!);
  return losses;
}

/** One row's loss (label 1 or 0), as every binary log loss here computes it. */
export function rowLogLoss(label: number, score: number): number {
  return -Math.log(clipProbability(label === 1 ? score : 1 - score));
}

export function clipProbability(probability: number): number {
  return Math.min(Math.max(probability, PROBABILITY_CLIP_EPSILON), 1 - PROBABILITY_CLIP_EPSILON);
}
