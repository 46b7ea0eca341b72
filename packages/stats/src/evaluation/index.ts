export { evaluatePredictions } from './evaluate-predictions';
export type { EvaluateOptions } from './evaluate-predictions';
export { EVALUATION_SCHEMA, EVALUATION_SCHEMA_VERSION } from './evaluation';
export type {
  EvaluatedMetric,
  Evaluation,
  GateResult,
  GateRule,
  ModelReference,
  PairedTestResult,
  SliceResult,
} from './evaluation';
export { checkGates, readGateSpec } from './gates';
export type { GateSpec } from './gates';
export type { Predictions } from './predictions';
export { OTHER_SLICE, sliceRows } from './slices';
export type { SliceColumn, SliceOptions } from './slices';
export { parseEvaluation } from './parse-evaluation';
export {
  PREDICTION_COLUMN,
  MAX_PROBABILITY_CLASSES,
  PREDICTION_OUTPUTS,
  probabilityColumn,
  profilePredictedClasses,
  profilePredictions,
} from './prediction-profile';
export type { PredictionOutput, PredictionProfile, PredictionProfileOptions } from './prediction-profile';
export { parsePredictionProfile } from './parse-evaluation';
