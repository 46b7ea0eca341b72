// The public API: only what the actions, the other packages, the CLI, the tests and the bench use
// (README.md lists it by idea). Modules inside the package import each other by relative path.

// Profiles: one streaming pass over a dataset into mergeable sketches, and profile.json.
export { DatasetProfile, describeProgress, NumberColumns, profileDataset } from './profiles/index';
export type { ColumnProfileJSON, DatasetProfileJSON } from './profiles/index';

// Data validation: Great Expectations-style suites, inferred or read, checked in one pass.
export {
  blockingFailures,
  inferSuite,
  isFailOn,
  loadReferenceProfile,
  parseValidationResult,
  readSuite,
  serializeValidationResult,
  severityOf,
  suiteToYaml,
  validateDataset,
} from './expectations/index';
export type {
  ExpectationResult,
  ExpectationSuite,
  FailOn,
  Severity,
  ValidationResult,
} from './expectations/index';

// Metrics: scikit-learn's definitions, looked up by name.
export { computeMetric, findMetric, rocAuc } from './metrics/index';
export type { MetricTask } from './metrics/index';

// Evaluation: predictions against labels, gates, and evaluation.json.
export {
  evaluatePredictions,
  parseEvaluation,
  profilePredictedClasses,
  profilePredictions,
  readGateSpec,
} from './evaluation/index';
export type {
  EvaluatedMetric,
  Evaluation,
  GateResult,
  GateSpec,
  ModelReference,
  PredictionOutput,
  PredictionProfile,
  Predictions,
  SliceResult,
} from './evaluation/index';

// Drift: Evidently's per-column tests between a reference and a current profile.
export {
  DEFAULT_DRIFT_SHARE,
  DRIFT_METHODS,
  driftBetweenProfiles,
  ksTwoSample,
  localReference,
  parseReferenceProfile,
  predictionDrift,
  profileFile,
  validateColumnTests,
  versionReference,
} from './drift/index';
export type {
  ColumnDrift,
  ColumnTestOverride,
  ColumnTests,
  DriftFinding,
  DriftReport,
  PredictionDrift,
  Reference,
  ReferenceSource,
} from './drift/index';

// A YAML/JSON mapping given as a file path or inline, as the actions' inputs and the CLI's flags give it.
export { readMappingInput } from './mapping-input';

// The one seeded random generator.
export { Xoshiro128 } from './metrics/numerics/seeded-random';
