import type { ExpectationResult, ValidationResult } from './result';
import { severityOf } from './suite';

/**
 * Which failed expectations fail a run — the validate-data action's `fail-on` input and the CLI's
 * `--fail-on`: `error` (the default) those of severity error, `warning` every failed one, `never` none.
 * Great Expectations has no such switch; a checkpoint fails on any unsuccessful expectation, which
 * is `warning` here.
 */
export type FailOn = 'error' | 'warning' | 'never';

const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'never'];

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_LEVELS as readonly string[]).includes(value);
}

/**
 * The failed results that fail the run under `failOn`, in suite order. An expectation that could
 * not run counts as failed, with its declared severity.
 *
 * @example blockingFailures(report, 'error') // the failed expectations without `meta.severity: warning`
 */
export function blockingFailures(report: ValidationResult, failOn: FailOn): ExpectationResult[] {
  if (failOn === 'never') return [];
  return report.results.filter(
    (result) =>
      !result.success && (failOn === 'warning' || severityOf(result.expectation_config) === 'error'),
  );
}
