// The public API: only what the actions, the CLI, the tests and the bench use (README.md describes it).
// Modules inside the package, and the package's tests, import the folder indexes by relative path.

// The ONNX Runtime native library: installed on demand, cached between runs.
export { installOnnxRuntime, isRuntimeInstalled, runtimeDir } from './runtime/onnxruntime';
export type { OnnxRuntime, RuntimeLocation } from './runtime/onnxruntime';
export { ensureOnnxRuntime, onnxRuntimeCacheKey } from './runtime/cached-runtime';

// ONNX models written and read without onnxruntime.
export { decodeModel, encodeModel, exportLinearModel } from './onnx/index';
export type { LinearModel } from './onnx/index';

// Scoring a table with a model.
export {
  mergeScoringSpecs,
  parseFeatureList,
  scoreModel,
  scoringSpecFromSettings,
  scoringSpecOf,
} from './scoring/index';
export type { LoadModelOptions, Scores, ScoringSpec } from './scoring/index';

// Evaluating a model, its prediction drift, and the drift report.
export {
  driftReportDocument,
  evaluateModel,
  modelPredictionDrift,
  parseDriftReport,
  predictionDriftSection,
  serializeDriftReport,
} from './evaluate/index';
export type {
  DriftReportDocument,
  DriftReportSources,
  ModelPredictionDrift,
  PredictionDriftSection,
} from './evaluate/index';

// One training run (built-in trainer or the user's command), and run.json.
export {
  parseRunRecord,
  readParams,
  runTraining,
  runUserCommand,
  serializeRunRecord,
  TrainingCommandFailed,
  toolVersions,
  trainingNumbers,
} from './training/index';
export type { Params } from './training/index';

// Serving a model over KServe's v2 protocol, and its client.
export {
  createModelServer,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_INFER_BYTES,
  DEFAULT_MAX_LOAD_BYTES,
  InferenceClient,
  isLoopbackHost,
  MIN_TOKEN_LENGTH,
  smokeTestEndpoint,
} from './serving/index';
export type { InferenceClientOptions, ModelServer } from './serving/index';
