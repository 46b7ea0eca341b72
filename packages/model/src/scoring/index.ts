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
export { NonFiniteOutput, ScoringError } from './scoring-error';
export type { ModelSignature, ValueSpec } from './signature';
export { unzipMapOutputs } from './zipmap';
export type { ClassLabels } from './zipmap';
export {
  featureOrderFromMetadata,
  featureTensorInput,
  missingFeatureOrder,
  parseFeatureList,
} from './features';
export type { FeatureOrder } from './features';
export { OUTPUT_KINDS } from './output-plan';
export type { OutputKind, OutputOptions } from './output-plan';
export {
  mergeScoringSpecs,
  parseScoringRecord,
  recordedScoring,
  scoringRecordOf,
  scoringSpecFromSettings,
  scoringSpecOf,
} from './scoring-spec';
export type { ScoringRecord, ScoringSetting, ScoringSpec } from './scoring-spec';
