// The expectation engine lives in @mlops-actions/stats; the action reads it through this one module.
export {
  blockingFailures,
  describeProgress,
  inferSuite,
  isFailOn,
  loadReferenceProfile,
  readSuite,
  serializeValidationResult,
  severityOf,
  suiteToYaml,
  validateDataset,
} from '@mlops-actions/stats';
export type { ExpectationSuite, FailOn, Severity, ValidationResult } from '@mlops-actions/stats';
