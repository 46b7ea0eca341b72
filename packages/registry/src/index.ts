export { checkModelName, parseVersionNumber } from './naming';
export type { RepoRef } from './releases';
export { registerModelVersion, runMarker } from './register';
export type { RegisterRequest } from './register';
export { buildLineage, headlineMetrics, parseLineage } from './lineage';
export type { CodeProvenance } from './lineage';
export type { ModelVersionFiles } from './prepare';
export { readDocumentText } from './json-file';
export {
  downloadModelVersion,
  evaluatedVersionReference,
  isVersionSelector,
  parseModelReference,
  parseVersionSelector,
  resolveModelVersion,
  StageEmpty,
  VersionNotFound,
} from './resolve';
export type { VersionSelector } from './resolve';
export { findStageDeployment } from './stages';
export { registerModel } from './register-model';
export type { RegisteredModel } from './register-model';
export { listModelVersions } from './versions';
export type { ModelVersionSummary } from './versions';
export { deployModel, DeployFailure } from './deploy-model';
export type { DeployOutcome, DeployTarget } from './deploy-model';
export { appendToReleaseSection } from './deploy-approvals';
export {
  defaultBranch,
  dispatchRetrainWorkflow,
  retrainBranch,
  retrainSummaryPath,
  upsertRetrainPullRequest,
} from './retrain-pr';
export type { RetrainPullRequest } from './retrain-pr';
export { fetchStageReference, fetchVersionAsset } from './reference';
