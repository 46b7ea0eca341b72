export interface ClassF1 {
  classIndex: number;
  f1: number;
  /** Weight of rows whose true class this is (scikit-learn's `support`). */
  support: number;
}

/**
 * F1 = 2·TPₖ / (2·TPₖ + FPₖ + FNₖ) for each class present among the labels or predictions — the classes
 * scikit-learn averages over when `labels=None` (`unique_labels(y_true, y_pred)`). With weights, "present"
 * means some positive weight, so weights of 0 act like dropped rows. A present class always has a
 * non-zero denominator, so no zero-division case arises here.
 */
export function perClassF1(confusionMatrix: number[][]): ClassF1[] {
  const scores: ClassF1[] = [];
  confusionMatrix.forEach((row, k) => {
    const truePositives = row[k]!;
    let support = 0;
    for (const cell of row) support += cell;
    let predicted = 0;
    for (const otherRow of confusionMatrix) predicted += otherRow[k]!;
    const denominator = support + predicted; // = 2·TP + FN + FP
    if (denominator > 0) scores.push({ classIndex: k, f1: (2 * truePositives) / denominator, support });
  });
  return scores;
}
