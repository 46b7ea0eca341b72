import { MetricInputError } from '../metric-input-error';
import { requireSameLength } from '../validate-inputs';

/** One row per example, one probability per class (class k in column k). */
export type ProbabilityRows = ArrayLike<ArrayLike<number>>;

/** Checks that every row has the same number (≥ 2) of probabilities in [0, 1]; returns that class count. */
export function checkProbabilityRows(metric: string, probabilities: ProbabilityRows, rows: number): number {
  requireSameLength(metric, 'probabilities', probabilities, rows);
  const classCount = probabilities[0]?.length ?? 0;
  if (classCount < 2) {
    throw new MetricInputError(
      metric,
      'probabilities',
      0,
      `has ${classCount} columns`,
      'give one probability per class (at least two classes)',
    );
  }
  for (let i = 0; i < rows; i++) {
    const row = probabilities[i]!;
    if (row.length !== classCount) {
      throw new MetricInputError(
        metric,
        'probabilities',
        i,
        `has ${row.length} columns but row 0 has ${classCount}`,
        'give every row one probability per class',
      );
    }
    for (let k = 0; k < classCount; k++) {
      const value = row[k]!;
      if (!(value >= 0 && value <= 1)) {
        throw new MetricInputError(
          metric,
          `probabilities[${i}]`,
          k,
          `is ${String(value)}`,
          'probabilities must be finite numbers in [0, 1]; apply a softmax to raw scores first',
        );
      }
    }
  }
  return classCount;
}
