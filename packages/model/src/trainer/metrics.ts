import { computeMetric, findMetric } from '@mlops-actions/stats';
import type { LinearTask } from '../onnx/linear-model';
import type { LinearPredictions } from './predict';
import type { EncodedTarget } from './target';

/** The metrics the trainer reports per split, by task (names as `@mlops-actions/stats` registers them). */
export const TRAINER_METRICS: Readonly<Record<LinearTask, readonly string[]>> = {
  binary: ['accuracy', 'roc_auc', 'log_loss'],
  multiclass: ['accuracy', 'f1_macro', 'log_loss'],
  regression: ['rmse', 'mae', 'r2'],
};

/**
 * Computes `TRAINER_METRICS[task]` with the stats package's definitions (scikit-learn's). A metric
 * undefined on these rows (ROC AUC with one class present) is NaN; empty rows give no metrics.
 */
export function splitMetrics(target: EncodedTarget, predictions: LinearPredictions): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (target.task === 'regression') {
    if (predictions.task !== 'regression' || target.values.length === 0) return metrics;
    for (const name of TRAINER_METRICS.regression) {
      const metric = findMetric('regression', name);
      if (metric) metrics[name] = computeMetric(metric, target.values, predictions.predictions).value;
    }
    return metrics;
  }
  if (predictions.task === 'regression' || target.labels.length === 0) return metrics;
  const classes = predictions.probabilities.length / target.labels.length;
  if (target.task === 'binary') {
    const positive = Float64Array.from(
      target.labels,
      (_, i) => predictions.probabilities[i * 2 + 1] as number,
    );
    return binarySplitMetrics(target.labels, positive);
  }
  const rows = Array.from(target.labels, (_, i) =>
    predictions.probabilities.subarray(i * classes, (i + 1) * classes),
  );
  for (const name of TRAINER_METRICS.multiclass) {
    const metric = findMetric('multiclass', name);
    if (metric) metrics[name] = computeMetric(metric, target.labels, rows).value;
  }
  return metrics;
}

/** `TRAINER_METRICS.binary` from the probability of class 1 per row (see `positiveProbabilities`). */
export function binarySplitMetrics(
  labels: ArrayLike<number>,
  positive: Float64Array,
): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (labels.length === 0) return metrics;
  for (const name of TRAINER_METRICS.binary) {
    const metric = findMetric('binary', name);
    if (metric) metrics[name] = computeMetric(metric, labels, positive).value;
  }
  return metrics;
}
