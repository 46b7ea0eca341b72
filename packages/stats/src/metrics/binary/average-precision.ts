import type { MetricOptions, WeightedStatistic } from '../metric-options';
import { checkBinaryInputs } from '../validate-inputs';
import { scoreGroups } from './score-groups';
import type { ScoreGroups } from './score-groups';

/**
 * Average precision as scikit-learn's `average_precision_score` defines it — the step-wise sum over the
 * distinct score thresholds t₁ > t₂ > …,
 *   AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ,
 * where Pₙ and Rₙ are the precision and recall of predicting "score ≥ tₙ" (R₀ = 0). It is not the
 * trapezoidal area under the precision–recall curve, which is optimistic. With no positive labels the
 * recall is undefined: sklearn warns and returns 0, we return NaN with an 'undefined' warning so that a
 * gate cannot mistake it for a real score.
 *
 * @example averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.8333… = ½·1 + ½·⅔ (sklearn's docstring example)
 */
export function averagePrecision(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkBinaryInputs('average_precision', labels, scores, options.weights, false, options.shared);
  const groups = options.shared?.for(labels, scores)?.scoreGroups() ?? scoreGroups(labels, scores);
  const value = averagePrecisionOfGroups(groups, options.weights);
  if (Number.isNaN(value)) {
    options.onWarning?.({
      metric: 'average_precision',
      code: 'undefined',
      message:
        'average_precision is undefined without positive labels; returning NaN (scikit-learn returns 0)',
    });
  }
  return value;
}

/** Validates and sorts once, so each bootstrap resample costs one linear pass instead of a sort. */
export function prepareAveragePrecision(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): WeightedStatistic {
  checkBinaryInputs('average_precision', labels, scores, undefined);
  const groups = scoreGroups(labels, scores);
  return (weights) => averagePrecisionOfGroups(groups, weights);
}

/** Walks tie groups from the highest score down; each group is one threshold of the PR curve. */
function averagePrecisionOfGroups(
  { order, positive, groupEnds }: ScoreGroups,
  weights: ArrayLike<number> | undefined,
): number {
  let truePositives = 0;
  let falsePositives = 0;
  let precisionSum = 0; // Σ ΔTPₙ·Pₙ; dividing by the positive total turns ΔTP into ΔR.
  for (let group = groupEnds.length - 1; group >= 0; group--) {
    const start = group === 0 ? 0 : groupEnds[group - 1]!;
    let groupPositives = 0;
    for (let position = start; position < groupEnds[group]!; position++) {
      const weight = weights === undefined ? 1 : weights[order[position]!]!;
      if (positive[position] === 1) groupPositives += weight;
      else falsePositives += weight;
    }
    truePositives += groupPositives;
    // A group without positive weight adds no recall; skipping it also avoids 0/0 when weights are 0.
    if (groupPositives > 0)
      precisionSum += (groupPositives * truePositives) / (truePositives + falsePositives);
  }
  if (truePositives === 0) return Number.NaN;
  return precisionSum / truePositives;
}
