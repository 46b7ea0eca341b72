export { checkModelName, nextVersion, parseVersionNumber, parseVersionTag, versionTag } from './naming';
export { listModelReleases, listModelTags } from './releases';
export type { ModelRelease, RepoRef } from './releases';
export { registerModelVersion, runMarker } from './register';
export type { RegisterRequest, RegisteredVersion, ReleaseAsset, VersionIdentity } from './register';
export {
  buildLineage,
  headlineMetrics,
  parseLineage,
  LINEAGE_SCHEMA,
  LINEAGE_SCHEMA_VERSION,
} from './lineage';
export type {
  CodeProvenance,
  EvaluationSummary,
  HeadlineMetric,
  Lineage,
  LineageAsset,
  LineageData,
  LineageEvaluation,
  LineageRunRecord,
  LineageScoring,
  LineageSources,
  RunSummary,
} from './lineage';
export { lineageAsset, prepareModelVersion } from './prepare';
export type { ModelVersionExtras, ModelVersionFiles, PreparedVersion } from './prepare';
export { readDocumentText } from './json-file';
export {
  downloadModelVersion,
  evaluatedVersionReference,
  formatVersionSelector,
  parseModelReference,
  parseVersionSelector,
  resolveModelVersion,
  StageEmpty,
  VersionNotFound,
} from './resolve';
export type { ResolveRequest, ResolvedVersion, VersionSelector } from './resolve';
export { DEPLOY_MODEL_TASK, findStageDeployment, listStages } from './stages';
export type { StageDeployment } from './stages';
export { downloadReleaseAsset } from './download';
export { registerModel } from './register-model';
export type { RegisterModelRequest, RegisteredModel } from './register-model';
export { bytesSha256, fileDigest } from './digest';
export { readJsonFile } from './json-file';
export { listModelVersions } from './versions';
export type { ModelVersionSummary } from './versions';
export { deployModel, DeployFailure } from './deploy-model';
export type { DeployOutcome, DeployRequest, DeployTarget, Rollback } from './deploy-model';
export { createModelDeployment, setDeploymentState } from './deploy-record';
export type { DeploymentLinks, DeploymentPayload } from './deploy-record';
export { appendToReleaseSection, readRunApprovers } from './deploy-approvals';
export { readGateVerdict } from './deploy-gate';
export type { GateVerdict } from './deploy-gate';
export {
  defaultBranch,
  dispatchRetrainWorkflow,
  RETRAIN_LABEL,
  retrainBranch,
  retrainSummaryPath,
  upsertRetrainPullRequest,
} from './retrain-pr';
export type { RetrainPullRequest, RetrainPullRequestRequest } from './retrain-pr';
export { fetchStageReference, fetchVersionAsset, PRODUCTION } from './reference';
export type { StageReference } from './reference';
