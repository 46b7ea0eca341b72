import type { MulticlassOptions } from './multiclass-confusion-matrix';
import { validatedConfusionMatrix } from './multiclass-confusion-matrix';

/**
 * Share of rows whose predicted class equals the true class (the confusion matrix's trace over its total) —
 * scikit-learn's `accuracy_score` for multiclass labels.
 *
 * @example multiclassAccuracy([0, 1, 2, 2], [0, 2, 2, 1]) // 0.5
 */
export function multiclassAccuracy(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MulticlassOptions = {},
): number {
  const matrix = validatedConfusionMatrix('accuracy', labels, predictions, options);
  let correct = 0;
  let total = 0;
  matrix.forEach((row, trueClass) => {
    correct += row[trueClass]!;
    for (const cell of row) total += cell;
  });
  return correct / total;
}
