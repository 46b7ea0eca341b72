import type { MulticlassOptions } from './multiclass-confusion-matrix';
import { validatedConfusionMatrix } from './multiclass-confusion-matrix';
import { perClassF1 } from './per-class-f1';

/**
 * Unweighted mean of the per-class F1 over the classes present in labels or predictions — scikit-learn's
 * `f1_score(average="macro")`. Every class counts the same, however rare.
 *
 * @example macroF1([0, 1, 2, 2], [0, 2, 2, 1]) // 0.5 = (1 + 0 + ½) / 3
 */
export function macroF1(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: MulticlassOptions = {},
): number {
  const classes = perClassF1(validatedConfusionMatrix('f1_macro', labels, predictions, options));
  let sum = 0;
  for (const { f1 } of classes) sum += f1;
  return sum / classes.length;
}
