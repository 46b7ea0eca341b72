import type { MetricOptions, WeightedStatistic } from '../metric-options';
import { checkBinaryInputs } from '../validate-inputs';
import { scoreGroups } from './score-groups';
import type { ScoreGroups } from './score-groups';

/**
 * Area under the ROC curve by the Mann–Whitney statistic:
 *   AUC = Σ_{i positive} Σ_{j negative} wᵢ·wⱼ·([sᵢ > sⱼ] + ½·[sᵢ = sⱼ]) / (W₊·W₋),
 * i.e. the probability that a random positive outscores a random negative, ties counting one half (the
 * average-rank form). This equals scikit-learn's `roc_auc_score` (trapezoidal area, ties included) exactly.
 * Scores may be any real numbers; only their order matters. When one class is absent the AUC is undefined:
 * sklearn raises, we return NaN and report an 'undefined' warning.
 *
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75 (sklearn's docstring example)
 */
export function rocAuc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  checkBinaryInputs('roc_auc', labels, scores, options.weights, false, options.shared);
  const groups = options.shared?.for(labels, scores)?.scoreGroups() ?? scoreGroups(labels, scores);
  const auc = rocAucOfGroups(groups, options.weights);
  if (Number.isNaN(auc)) {
    options.onWarning?.({
      metric: 'roc_auc',
      code: 'undefined',
      message: 'roc_auc is undefined when only one class is present in labels; returning NaN',
    });
  }
  return auc;
}

/** Validates and sorts once, so each bootstrap resample costs one linear pass instead of a sort. */
export function prepareRocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): WeightedStatistic {
  checkBinaryInputs('roc_auc', labels, scores, undefined);
  const groups = scoreGroups(labels, scores);
  return (weights) => rocAucOfGroups(groups, weights);
}

/** Walks tie groups from the lowest score up, crediting each positive with the negative weight below it. */
function rocAucOfGroups(
  { order, positive, groupEnds }: ScoreGroups,
  weights: ArrayLike<number> | undefined,
): number {
  let negativesBelow = 0;
  let positiveTotal = 0;
  let pairsWon = 0;
  let start = 0;
  for (const end of groupEnds) {
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let position = start; position < end; position++) {
      const weight = weights === undefined ? 1 : weights[order[position]!]!;
      if (positive[position] === 1) groupPositives += weight;
      else groupNegatives += weight;
    }
    pairsWon += groupPositives * (negativesBelow + 0.5 * groupNegatives);
    negativesBelow += groupNegatives;
    positiveTotal += groupPositives;
    start = end;
  }
  if (positiveTotal === 0 || negativesBelow === 0) return Number.NaN;
  return pairsWon / (positiveTotal * negativesBelow);
}
