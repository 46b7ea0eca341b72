export { DEFAULT_BATCH_SIZE, ScoringModel, loadModel, scoreModel } from './scoring-model';
export type {
  ClassificationScores,
  LoadModelOptions,
  RegressionScores,
  ScoreOptions,
  Scores,
  ScoringData,
} from './scoring-model';
export type { OutputPlan } from './output-plan';
export { ScoringError } from './scoring-error';
export type { ModelSignature, ValueSpec } from './signature';
export { unzipMapOutputs } from './zipmap';
export type { ClassLabels } from './zipmap';
