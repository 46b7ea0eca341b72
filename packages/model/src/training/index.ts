export { runTrainingCommand } from './run-command';
export type { CommandResult } from './run-command';
export { paramEnv, readParams } from './params';
export type { Params } from './params';
export { RUN_RECORD_SCHEMA, RUN_RECORD_SCHEMA_VERSION } from './run-record';
export type { RunRecord } from './run-record';
export { trainBuiltIn } from './built-in';
export type { BuiltInTrainingOptions } from './built-in';
