import type { MulticlassOptions } from './multiclass-confusion-matrix';
import { validatedConfusionMatrix } from './multiclass-confusion-matrix';
import { perClassF1 } from './per-class-f1';

/**
 * Mean of the per-class F1 weighted by each class's support (its number of true rows) — scikit-learn's
 * `f1_score(average="weighted")`. Classes that appear only among predictions have support 0.
 *
 * @example weightedF1([0, 1, 2, 2], [0, 2, 2, 1]) // 0.5 = (1·1 + 1·0 + 2·½) / 4
 */
export function weightedF1(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MulticlassOptions = {},
): number {
  const classes = perClassF1(validatedConfusionMatrix('f1_weighted', labels, predictions, options));
  let weightedSum = 0;
  let supportTotal = 0;
  for (const { f1, support } of classes) {
    weightedSum += support * f1;
    supportTotal += support;
  }
  return weightedSum / supportTotal;
}
