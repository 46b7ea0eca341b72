import { describe, expect, it } from 'vitest';
import { blockingFailures, isFailOn } from '../../src/expectations/index';
import type { ExpectationResult, ValidationResult } from '../../src/expectations/index';

function result(type: string, success: boolean, severity?: 'warning' | 'error'): ExpectationResult {
  return {
    success,
    expectation_config: { expectation_type: type, kwargs: {}, ...(severity ? { meta: { severity } } : {}) },
    result: {},
    exception_info: { raised_exception: false, exception_message: null, exception_traceback: null },
  };
}

const report = {
  results: [
    result('passed', true),
    result('failed_error_by_default', false),
    result('failed_warning', false, 'warning'),
    result('failed_error_declared', false, 'error'),
    result('passed_warning', true, 'warning'),
  ],
} as ValidationResult;

const names = (results: ExpectationResult[]) => results.map((r) => r.expectation_config.expectation_type);

describe('fail-on', () => {
  it('error fails on the failed expectations not marked as warnings', () => {
    expect(names(blockingFailures(report, 'error'))).toEqual([
      'failed_error_by_default',
      'failed_error_declared',
    ]);
  });

  it('warning fails on every failed expectation, as a Great Expectations checkpoint does', () => {
    expect(names(blockingFailures(report, 'warning'))).toEqual([
      'failed_error_by_default',
      'failed_warning',
      'failed_error_declared',
    ]);
  });

  it('never fails on nothing', () => {
    expect(blockingFailures(report, 'never')).toEqual([]);
  });

  it('knows its three levels and nothing else', () => {
    expect(['error', 'warning', 'never', 'Error', ''].map(isFailOn)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
