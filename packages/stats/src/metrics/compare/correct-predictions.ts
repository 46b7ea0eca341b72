import { DEFAULT_THRESHOLD } from '../binary/binary-confusion-matrix';
import { requireFinite, requireRows, requireSameLength } from '../validate-inputs';

/**
 * 1 where the predicted class equals the label, else 0 — the per-row correctness McNemar's test compares.
 * For binary scores, threshold them first with `thresholdScores`; for probabilities, use `predictedClasses`.
 *
 * @example correctPredictions([0, 1, 1], [0, 0, 1]) // Uint8Array [1, 0, 1]
 */
export function correctPredictions(labels: ArrayLike<number>, predictions: ArrayLike<number>): Uint8Array {
  requireRows('correct_predictions', 'labels', labels);
  requireSameLength('correct_predictions', 'predictions', predictions, labels.length);
  const correct = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) correct[i] = labels[i] === predictions[i] ? 1 : 0;
  return correct;
}

/** 1 where score ≥ threshold, else 0 (the rule the thresholded binary metrics use). */
export function thresholdScores(scores: ArrayLike<number>, threshold = DEFAULT_THRESHOLD): Uint8Array {
  requireFinite('threshold_scores', 'scores', scores);
  const classes = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) classes[i] = scores[i]! >= threshold ? 1 : 0;
  return classes;
}
