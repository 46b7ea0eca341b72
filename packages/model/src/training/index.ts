export { runUserCommand, userCommandEnvironment, withoutRunnerInternals } from './user-command';
export type { CommandResult, UserCommandOptions } from './user-command';
export { paramEnv, readParams } from './params';
export type { Params } from './params';
export {
  parseRunRecord,
  RUN_RECORD_SCHEMA,
  RUN_RECORD_SCHEMA_VERSION,
  serializeRunRecord,
} from './run-record';
export type { RunRecord } from './run-record';
export { trainBuiltIn } from './built-in';
export type { BuiltInTrainingOptions } from './built-in';
export { trainBuiltInToFiles } from './built-in';
export { buildRunRecord, toolVersions } from './build-run-record';
export type { RunRecordInput } from './build-run-record';
export { readMetricsFile, trainingCommandEnv } from './command-env';
export type { TrainingCommandSettings } from './command-env';
export { runTraining, TrainingCommandFailed, trainingNumbers } from './training-run';
export type { TrainingRun, TrainingRunOptions } from './training-run';
