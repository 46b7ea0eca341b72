import { outputCount } from '../onnx/linear-model';
import type { LinearModel } from '../onnx/linear-model';
import { BLOCK } from './design';
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
  const scores = linearScores(model, design);
  if (model.task === 'regression') return { task: 'regression', predictions: scores };
  const k = outputCount(model);
  const n = design.rows;
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

/**
 * A binary model's probability of class 1 per row, as `predictLinear` computes it, without its N × 2
 * probabilities and labels: what the trainer's own metrics need, at a third of the memory.
 */
export function positiveProbabilities(model: LinearModel, design: Design): Float64Array {
  if (model.task !== 'binary')
    throw new Error(`positiveProbabilities takes a binary model, not ${model.task}`);
  const scores = linearScores(model, design);
  for (let i = 0; i < scores.length; i++) scores[i] = sigmoid(scores[i]!);
  return scores;
}

/** Row-major N × K scores Σ_j x_ij w_jc + b_c, in the exported graph's order of operations. */
function linearScores(model: LinearModel, design: Design): Float64Array {
  const k = outputCount(model);
  const n = design.rows;
  const d = design.columns;
  const scores = new Float64Array(n * k);
  const block = new Float64Array(d * BLOCK);
  const sums = new Float64Array(BLOCK);
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    design.load(start, count, block, BLOCK);
    for (let c = 0; c < k; c++) {
      // Per row Σ_j x_ij w_jc in j order, then the intercept: the graph's MatMul then Add.
      sums.fill(0, 0, count);
      for (let j = 0; j < d; j++) {
        const w = model.weights[j * k + c]!;
        const offset = j * BLOCK;
        for (let i = 0; i < count; i++) sums[i] = sums[i]! + block[offset + i]! * w;
      }
      const intercept = model.intercepts[c]!;
      for (let i = 0; i < count; i++) scores[(start + i) * k + c] = sums[i]! + intercept;
    }
  }
  return scores;
}
