// Expectation suites with Great Expectations' names, arguments and result shape, checked in one pass.
export { EXPECTATION_TYPES } from './catalog';
export { parseSuite, readSuite, severityOf, SuiteError, suiteToYaml } from './suite';
export type { ExpectationConfig, ExpectationSuite, Kwargs, Severity } from './suite';
export { validateDataset } from './validate';
export type { ValidateOptions } from './validate';
export type { ExceptionInfo, ExpectationResult, ValidationResult } from './result';
export {
  parseValidationResult,
  serializeValidationResult,
  VALIDATION_RESULT_SCHEMA,
  VALIDATION_RESULT_SCHEMA_VERSION,
} from './result';
export { blockingFailures, isFailOn } from './fail-on';
export type { FailOn } from './fail-on';
export { PARTIAL_UNEXPECTED_LIMIT } from './column-map-tally';
export { DistinctValues } from './distinct-values';
export { inferSuite, loadReferenceProfile } from './infer-suite';
export type { InferOptions } from './infer-suite';
