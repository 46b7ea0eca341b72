import type { ExpectationConfig } from './suite';

/** GE's `exception_info`: set when an expectation could not run. */
export interface ExceptionInfo {
  raised_exception: boolean;
  exception_message: string | null;
  exception_traceback: string | null;
}

/** GE's `ExpectationValidationResult`. */
export interface ExpectationResult {
  success: boolean;
  expectation_config: ExpectationConfig;
  result: Record<string, unknown>;
  exception_info: ExceptionInfo;
}

/** GE's `ExpectationSuiteValidationResult`, with what was read under `meta`. */
export interface ValidationResult {
  success: boolean;
  statistics: {
    evaluated_expectations: number;
    successful_expectations: number;
    unsuccessful_expectations: number;
    success_percent: number | null;
  };
  results: ExpectationResult[];
  meta: {
    expectation_suite_name: string;
    rows: number;
    columns: string[];
    files: { path: string; rows: number; sha256: string }[];
    warnings: string[];
    validation_time: string;
  };
}

export const NO_EXCEPTION: ExceptionInfo = {
  raised_exception: false,
  exception_message: null,
  exception_traceback: null,
};

export function exceptionResult(config: ExpectationConfig, message: string): ExpectationResult {
  return {
    success: false,
    expectation_config: config,
    result: {},
    exception_info: { raised_exception: true, exception_message: message, exception_traceback: null },
  };
}

export function suiteStatistics(results: readonly ExpectationResult[]): ValidationResult['statistics'] {
  const successful = results.filter((result) => result.success).length;
  return {
    evaluated_expectations: results.length,
    successful_expectations: successful,
    unsuccessful_expectations: results.length - successful,
    success_percent: results.length > 0 ? (100 * successful) / results.length : null,
  };
}
