// Evaluation metrics and paired comparisons: pure functions over arrays, no I/O.

export { MetricInputError } from './metric-input-error';
export type {
  MetricFunction,
  MetricOptions,
  MetricWarning,
  MetricWarningCode,
  MetricWarningSink,
  ThresholdOptions,
  WeightedStatistic,
  ZeroDivisionOptions,
} from './metric-options';

export { accuracy } from './binary/accuracy';
export { averagePrecision, prepareAveragePrecision } from './binary/average-precision';
export { binaryConfusionMatrix, DEFAULT_THRESHOLD } from './binary/binary-confusion-matrix';
export type { BinaryConfusionMatrix } from './binary/binary-confusion-matrix';
export { brierScore } from './binary/brier-score';
export {
  DEFAULT_CALIBRATION_BINS,
  expectedCalibrationError,
  prepareExpectedCalibrationError,
} from './binary/expected-calibration-error';
export type { CalibrationOptions } from './binary/expected-calibration-error';
export { f1Score } from './binary/f1-score';
export { logLoss, PROBABILITY_CLIP_EPSILON } from './binary/log-loss';
export { precision } from './binary/precision';
export { recall } from './binary/recall';
export { prepareRocAuc, rocAuc } from './binary/roc-auc';

export { macroF1 } from './multiclass/macro-f1';
export { multiclassAccuracy } from './multiclass/multiclass-accuracy';
export { multiclassConfusionMatrix } from './multiclass/multiclass-confusion-matrix';
export type { MulticlassOptions } from './multiclass/multiclass-confusion-matrix';
export { multiclassLogLoss } from './multiclass/multiclass-log-loss';
export { predictedClasses } from './multiclass/predicted-classes';
export type { ProbabilityRows } from './multiclass/probability-rows';
export { weightedF1 } from './multiclass/weighted-f1';

export { meanAbsoluteError } from './regression/mean-absolute-error';
export { meanAbsolutePercentageError } from './regression/mean-absolute-percentage-error';
export { medianAbsoluteError, prepareMedianAbsoluteError } from './regression/median-absolute-error';
export { r2Score } from './regression/r2-score';
export { rootMeanSquaredError } from './regression/root-mean-squared-error';

export { BINARY_METRICS } from './registry/binary-metric-definitions';
export type {
  BinaryMetricDefinition,
  MetricDefinition,
  MetricRange,
  MetricTask,
  MulticlassMetricDefinition,
  RegressionMetricDefinition,
} from './registry/metric-definition';
export { computeMetric, findMetric, METRICS } from './registry/metric-registry';
export type { MetricValue } from './registry/metric-registry';
export { MULTICLASS_METRICS } from './registry/multiclass-metric-definitions';
export { REGRESSION_METRICS } from './registry/regression-metric-definitions';

export { correctPredictions, thresholdScores } from './compare/correct-predictions';
export { MCNEMAR_EXACT_BELOW, mcnemarFromCounts, mcnemarTest } from './compare/mcnemar-test';
export type { McNemarMethod, McNemarOptions, McNemarResult } from './compare/mcnemar-test';
export {
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  pairedBootstrap,
  pairedBootstrapMetric,
  pairedBootstraps,
} from './compare/paired-bootstrap';
export type {
  PairedBootstrapOptions,
  PairedBootstrapResult,
  PreparableMetric,
} from './compare/paired-bootstrap';
export {
  binaryBootstrapDeltas,
  binaryMetricValues,
  FUSED_BINARY_METRICS,
  isFusedBinaryMetric,
  prepareBinaryBootstrap,
} from './compare/binary-paired-bootstrap';
export {
  binaryPairedBootstraps,
  startBinaryPairedBootstraps,
  BOOTSTRAP_WORKER,
  type PendingBootstrap,
} from './compare/binary-bootstrap-threads';
export type { BinaryBootstrapRunOptions } from './compare/binary-bootstrap-threads';
export type {
  BinaryBootstrapInput,
  FusedBinaryMetric,
  PreparedBinaryBootstrap,
} from './compare/binary-paired-bootstrap';
export {
  fillPoissonWeights,
  MAX_POISSON_WEIGHT,
  poissonWeight,
  resampleKey,
} from './compare/poisson-weights';
export type { ResampleKey } from './compare/poisson-weights';
export { wilcoxonAbsoluteErrors, wilcoxonSignedRank } from './compare/wilcoxon-signed-rank';
export type { WilcoxonMethod, WilcoxonOptions, WilcoxonResult } from './compare/wilcoxon-signed-rank';

export { binomialCdf } from './numerics/binomial-cdf';
export { chiSquareOneDfCdf, chiSquareOneDfSurvival } from './numerics/chi-square-one-df';
export { erf, erfc } from './numerics/error-function';
export { normalCdf, normalSurvival } from './numerics/normal-distribution';
