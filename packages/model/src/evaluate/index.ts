export { evaluateModel } from './evaluate-model';
export type { EvaluateModelOptions } from './evaluate-model';
export { profileModelPredictions } from './profile-model-predictions';
export type { ModelPredictions, ProfileModelPredictionsOptions } from './profile-model-predictions';
export { modelPredictionDrift, predictionDriftSection } from './model-prediction-drift';
export type {
  ModelPredictionDrift,
  ModelPredictionDriftOptions,
  PredictionDriftSection,
} from './model-prediction-drift';
export { modelColumns, modelInputs, oneRowAtATimeNotice, scoreTable } from './model-inputs';
export type { ModelInputs } from './model-inputs';
export {
  DRIFT_REPORT_SCHEMA,
  DRIFT_REPORT_SCHEMA_VERSION,
  driftReportDocument,
  parseDriftReport,
  serializeDriftReport,
} from './drift-report';
export type { DriftReportDocument, DriftReportSources } from './drift-report';
