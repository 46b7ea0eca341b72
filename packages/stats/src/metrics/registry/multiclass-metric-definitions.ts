import { macroF1 } from '../multiclass/macro-f1';
import { multiclassAccuracy } from '../multiclass/multiclass-accuracy';
import { multiclassLogLoss, multiclassLogLosses } from '../multiclass/multiclass-log-loss';
import { predictedClasses } from '../multiclass/predicted-classes';
import { weightedF1 } from '../multiclass/weighted-f1';
import { NON_NEGATIVE_RANGE, UNIT_RANGE } from './metric-definition';
import type { MulticlassMetricDefinition } from './metric-definition';
import { recompute, rowMean } from './prepared-statistics';

export const MULTICLASS_METRICS: readonly MulticlassMetricDefinition[] = [
  {
    name: 'accuracy',
    title: 'Accuracy',
    higherIsBetter: true,
    range: UNIT_RANGE,
    definition: 'scikit-learn accuracy_score of the argmax class',
    task: 'multiclass',
    compute: (labels, probabilities, options) =>
      multiclassAccuracy(labels, predictedClasses(probabilities), options),
    prepare: (labels, probabilities) =>
      recompute(multiclassAccuracy, labels, predictedClasses(probabilities)),
  },
  {
    name: 'f1_macro',
    title: 'Macro F1',
    higherIsBetter: true,
    range: UNIT_RANGE,
    definition: 'scikit-learn f1_score(average="macro") of the argmax class',
    task: 'multiclass',
    compute: (labels, probabilities, options) => macroF1(labels, predictedClasses(probabilities), options),
    prepare: (labels, probabilities) => recompute(macroF1, labels, predictedClasses(probabilities)),
  },
  {
    name: 'f1_weighted',
    title: 'Weighted F1',
    higherIsBetter: true,
    range: UNIT_RANGE,
    definition: 'scikit-learn f1_score(average="weighted") of the argmax class',
    task: 'multiclass',
    compute: (labels, probabilities, options) => weightedF1(labels, predictedClasses(probabilities), options),
    prepare: (labels, probabilities) => recompute(weightedF1, labels, predictedClasses(probabilities)),
  },
  {
    name: 'log_loss',
    title: 'Log loss',
    higherIsBetter: false,
    range: NON_NEGATIVE_RANGE,
    definition: 'scikit-learn log_loss(labels=range(K)) (clip ε = 2⁻⁵²)',
    task: 'multiclass',
    compute: multiclassLogLoss,
    prepare: (labels, probabilities) => rowMean(multiclassLogLosses(labels, probabilities)),
  },
];
