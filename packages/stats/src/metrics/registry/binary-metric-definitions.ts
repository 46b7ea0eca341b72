import { accuracy } from '../binary/accuracy';
import { averagePrecision, prepareAveragePrecision } from '../binary/average-precision';
import { DEFAULT_THRESHOLD, countBinaryOutcomes } from '../binary/binary-confusion-matrix';
import type { BinaryConfusionMatrix } from '../binary/binary-confusion-matrix';
import { brierScore, brierTerms } from '../binary/brier-score';
import {
  expectedCalibrationError,
  prepareExpectedCalibrationError,
} from '../binary/expected-calibration-error';
import { f1Score } from '../binary/f1-score';
import { binaryLogLosses, logLoss } from '../binary/log-loss';
import { precision } from '../binary/precision';
import { recall } from '../binary/recall';
import { prepareRocAuc, rocAuc } from '../binary/roc-auc';
import { checkBinaryInputs, requireThreshold } from '../validate-inputs';
import { NON_NEGATIVE_RANGE, UNIT_RANGE } from './metric-definition';
import type { BinaryMetricDefinition, MetricDescription } from './metric-definition';
import { rowMean } from './prepared-statistics';

/** A thresholded binary metric: validate and threshold once, then count outcomes under each weighting. */
function thresholded(
  description: MetricDescription,
  compute: BinaryMetricDefinition['compute'],
  fromCounts: (counts: BinaryConfusionMatrix) => number,
): BinaryMetricDefinition {
  return {
    ...description,
    task: 'binary',
    compute,
    prepare(labels, scores, options = {}) {
      const threshold = options.threshold ?? DEFAULT_THRESHOLD;
      requireThreshold(description.name, threshold);
      checkBinaryInputs(description.name, labels, scores, undefined);
      // Each row's confusion cell, found once: a resample then only adds its weight to that cell.
      const cells = new Uint8Array(labels.length);
      for (let i = 0; i < labels.length; i++)
        cells[i] = (labels[i] === 1 ? 2 : 0) + (scores[i]! >= threshold ? 1 : 0);
      const sums = new Float64Array(4);
      return (weights) => {
        if (weights === undefined) return fromCounts(countBinaryOutcomes(labels, scores, threshold, weights));
        sums.fill(0);
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i]!;
          sums[cell] = sums[cell]! + weights[i]!;
        }
        return fromCounts({
          trueNegatives: sums[0]!,
          falsePositives: sums[1]!,
          falseNegatives: sums[2]!,
          truePositives: sums[3]!,
        });
      };
    },
  };
}

/** 0/0 → 0, as the metric functions do by default (warnings are for `compute`, not for resamples). */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export const BINARY_METRICS: readonly BinaryMetricDefinition[] = [
  thresholded(
    {
      name: 'accuracy',
      title: 'Accuracy',
      higherIsBetter: true,
      range: UNIT_RANGE,
      definition: 'scikit-learn accuracy_score',
    },
    accuracy,
    (c) =>
      (c.truePositives + c.trueNegatives) /
      (c.truePositives + c.trueNegatives + c.falsePositives + c.falseNegatives),
  ),
  thresholded(
    {
      name: 'precision',
      title: 'Precision',
      higherIsBetter: true,
      range: UNIT_RANGE,
      definition: 'scikit-learn precision_score (zero_division → 0)',
    },
    precision,
    (c) => ratio(c.truePositives, c.truePositives + c.falsePositives),
  ),
  thresholded(
    {
      name: 'recall',
      title: 'Recall',
      higherIsBetter: true,
      range: UNIT_RANGE,
      definition: 'scikit-learn recall_score (zero_division → 0)',
    },
    recall,
    (c) => ratio(c.truePositives, c.truePositives + c.falseNegatives),
  ),
  thresholded(
    {
      name: 'f1',
      title: 'F1',
      higherIsBetter: true,
      range: UNIT_RANGE,
      definition: 'scikit-learn f1_score (zero_division → 0)',
    },
    f1Score,
    (c) => ratio(2 * c.truePositives, 2 * c.truePositives + c.falsePositives + c.falseNegatives),
  ),
  {
    name: 'roc_auc',
    title: 'ROC AUC',
    higherIsBetter: true,
    range: UNIT_RANGE,
    definition: 'scikit-learn roc_auc_score (Mann–Whitney, ties ½)',
    task: 'binary',
    compute: rocAuc,
    prepare: prepareRocAuc,
  },
  {
    name: 'average_precision',
    title: 'Average precision',
    higherIsBetter: true,
    range: UNIT_RANGE,
    definition: 'scikit-learn average_precision_score (step-wise)',
    task: 'binary',
    compute: averagePrecision,
    prepare: prepareAveragePrecision,
  },
  {
    name: 'log_loss',
    title: 'Log loss',
    higherIsBetter: false,
    range: NON_NEGATIVE_RANGE,
    definition: 'scikit-learn log_loss (clip ε = 2⁻⁵²)',
    task: 'binary',
    compute: logLoss,
    prepare(labels, scores) {
      checkBinaryInputs('log_loss', labels, scores, undefined, true);
      return rowMean(binaryLogLosses(labels, scores));
    },
  },
  {
    name: 'brier_score',
    title: 'Brier score',
    higherIsBetter: false,
    range: UNIT_RANGE,
    definition: 'scikit-learn brier_score_loss',
    task: 'binary',
    compute: brierScore,
    prepare(labels, scores) {
      checkBinaryInputs('brier_score', labels, scores, undefined, true);
      return rowMean(brierTerms(labels, scores));
    },
  },
  {
    name: 'ece',
    title: 'Expected calibration error',
    higherIsBetter: false,
    range: UNIT_RANGE,
    definition: '10 equal-width bins weighted by size (calibration_curve bins)',
    task: 'binary',
    compute: expectedCalibrationError,
    prepare: (labels, scores) => prepareExpectedCalibrationError(labels, scores),
  },
];
