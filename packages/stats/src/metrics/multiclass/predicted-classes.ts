import { requireRows } from '../validate-inputs';
import { checkProbabilityRows } from './probability-rows';
import type { ProbabilityRows } from './probability-rows';

/**
 * The most probable class of each row, the first one on ties — `np.argmax(probabilities, axis=1)`, which is
 * what scikit-learn's `predict` returns from `predict_proba`.
 *
 * @example predictedClasses([[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]) // Int32Array [1, 0]
 */
export function predictedClasses(probabilities: ProbabilityRows): Int32Array {
  requireRows('predicted_classes', 'probabilities', probabilities);
  const classCount = checkProbabilityRows('predicted_classes', probabilities, probabilities.length);
  const classes = new Int32Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    const row = probabilities[i]!;
    let best = 0;
    for (let k = 1; k < classCount; k++) if (row[k]! > row[best]!) best = k;
    classes[i] = best;
  }
  return classes;
}
