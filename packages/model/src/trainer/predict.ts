import { outputCount } from '../onnx/linear-model';
import type { LinearModel } from '../onnx/linear-model';
import type { Design } from './design';
import { sigmoid } from './logistic';
import { softmaxInPlace } from './softmax';

/** The trainer's own predictions, shaped like `ScoringModel.score` results so the two compare directly. */
export type LinearPredictions =
  | { task: 'regression'; predictions: Float64Array }
  | {
      task: 'binary' | 'multiclass';
      /** Predicted class per row, an index into `classes` (the first maximum, as the graph's ArgMax). */
      labels: Int32Array;
      /** Row-major N × K; binary rows are [1 − σ(s), σ(s)], as the exported graph computes them. */
      probabilities: Float64Array;
    };

/** Scores the design rows with the model, in double precision and in the exported graph's order of operations. */
export function predictLinear(model: LinearModel, design: Design): LinearPredictions {
  const k = outputCount(model);
  const n = design.rows;
  const d = design.columns;
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (design.x[i * d + j] as number) * (model.weights[j * k + c] as number);
      scores[i * k + c] = s + (model.intercepts[c] as number);
    }
  }
  if (model.task === 'regression') return { task: 'regression', predictions: scores };
  const classes = model.task === 'binary' ? 2 : k;
  const probabilities = new Float64Array(n * classes);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    if (model.task === 'binary') {
      const positive = sigmoid(scores[i] as number);
      row[0] = 1 - positive;
      row[1] = positive;
    } else {
      row.set(scores.subarray(i * k, (i + 1) * k));
      softmaxInPlace(row);
    }
    let best = 0;
    for (let c = 1; c < classes; c++) if ((row[c] as number) > (row[best] as number)) best = c;
    labels[i] = best;
  }
  return { task: model.task, labels, probabilities };
}
