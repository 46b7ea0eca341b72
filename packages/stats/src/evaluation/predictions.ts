import type { MetricTask, ProbabilityRows } from '../metrics/index';

/** A model's outputs on the evaluation rows, in the form the task's metrics read. */
export type Predictions =
  /** Probability (or score) of class 1 per row. */
  | { task: 'binary'; scores: ArrayLike<number> }
  /** One probability per class per row (class k in column k). */
  | { task: 'multiclass'; probabilities: ProbabilityRows }
  | { task: 'regression'; values: ArrayLike<number> };

/** The metric-facing payload of a prediction set (scores, probability rows or values). */
export function predictionPayload(predictions: Predictions): ArrayLike<number> | ProbabilityRows {
  switch (predictions.task) {
    case 'binary':
      return predictions.scores;
    case 'multiclass':
      return predictions.probabilities;
    case 'regression':
      return predictions.values;
  }
}

export function predictionCount(predictions: Predictions): number {
  return predictionPayload(predictions).length;
}

/** The rows at `indexes`, for slices. */
export function selectPredictions(predictions: Predictions, indexes: Int32Array): Predictions {
  switch (predictions.task) {
    case 'binary':
      return { task: 'binary', scores: pick(predictions.scores, indexes) };
    case 'multiclass':
      return { task: 'multiclass', probabilities: Array.from(indexes, (i) => predictions.probabilities[i]!) };
    case 'regression':
      return { task: 'regression', values: pick(predictions.values, indexes) };
  }
}

export function pick(values: ArrayLike<number>, indexes: Int32Array): Float64Array {
  const out = new Float64Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) out[i] = values[indexes[i]!]!;
  return out;
}

export function checkTask(task: MetricTask, predictions: Predictions, which: string): void {
  if (predictions.task !== task) {
    throw new Error(
      `The ${which} predictions are for a ${predictions.task} task, but the evaluation is ${task}.`,
    );
  }
}
