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

/**
 * The validation result (schemas/validation-result.schema.json) that validate-data and `mlops-actions
 * validate` write: Great Expectations' layout, so GE tooling reads it, with the format's name and
 * version under `meta` (GE's free-form dictionary). This module is its one writer and reader.
 */
export const VALIDATION_RESULT_SCHEMA = 'mlops-actions/validation-result';
export const VALIDATION_RESULT_SCHEMA_VERSION = 1;

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
    schema: typeof VALIDATION_RESULT_SCHEMA;
    schemaVersion: typeof VALIDATION_RESULT_SCHEMA_VERSION;
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

/** The result as written: two-space JSON and a final newline. */
export function serializeValidationResult(result: ValidationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/**
 * Reads a validation result back, checking what readers rely on. A result without its version (no
 * `meta.schema`) is read as version 1, the only one without it; another version is refused.
 * `source` (a file path) starts every error message.
 */
export function parseValidationResult(text: string, source: string): ValidationResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${source}: not valid JSON — ${(error as Error).message}`);
  }
  const doc = raw as Partial<ValidationResult> | null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${source}: not a validation result (a JSON object written by validate-data).`);
  const meta = doc.meta as Partial<ValidationResult['meta']> | undefined;
  if (meta === null || typeof meta !== 'object')
    throw new Error(`${source}: "meta" is missing — give the file written by validate-data.`);
  if (meta.schema !== undefined && meta.schema !== VALIDATION_RESULT_SCHEMA)
    throw new Error(`${source}: not a validation result (meta.schema is not "${VALIDATION_RESULT_SCHEMA}").`);
  const version = meta.schemaVersion ?? VALIDATION_RESULT_SCHEMA_VERSION;
  if (version !== VALIDATION_RESULT_SCHEMA_VERSION)
    throw new Error(
      `${source}: validation result schema version ${String(version)}, but this release reads version ${VALIDATION_RESULT_SCHEMA_VERSION} — use matching versions of mlops-actions.`,
    );
  if (typeof doc.success !== 'boolean') throw new Error(`${source}: "success" must be true or false.`);
  if (!Array.isArray(doc.results)) throw new Error(`${source}: "results" must be a list.`);
  doc.results.forEach((result, index) => {
    if (
      typeof result?.success !== 'boolean' ||
      typeof result.expectation_config?.expectation_type !== 'string'
    )
      throw new Error(
        `${source}: results[${index}] needs "success" and "expectation_config.expectation_type".`,
      );
  });
  if (typeof doc.statistics?.evaluated_expectations !== 'number')
    throw new Error(`${source}: "statistics" is missing or malformed.`);
  return {
    ...doc,
    meta: { ...meta, schema: VALIDATION_RESULT_SCHEMA, schemaVersion: VALIDATION_RESULT_SCHEMA_VERSION },
  } as ValidationResult;
}
