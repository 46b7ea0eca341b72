import { describe, expect, it } from 'vitest';
import type { ExpectationResult, ValidationResult } from '@mlops-actions/stats';
import { renderValidationSummary } from '../src/validation-summary';

const NO_EXCEPTION = { raised_exception: false, exception_message: null, exception_traceback: null };

function report(results: ExpectationResult[]): ValidationResult {
  const failed = results.filter((r) => !r.success).length;
  return {
    success: failed === 0,
    statistics: {
      evaluated_expectations: results.length,
      successful_expectations: results.length - failed,
      unsuccessful_expectations: failed,
      success_percent: null,
    },
    results,
    meta: {
      schema: 'mlops-actions/validation-result',
      schemaVersion: 1,
      expectation_suite_name: 'orders_v2',
      rows: 12345,
      columns: ['order_id'],
      files: [{ path: 'orders.csv', rows: 12345, sha256: '0'.repeat(64) }],
      warnings: [],
      validation_time: '2024-01-01T00:00:00Z',
    },
  };
}

describe('renderValidationSummary', () => {
  it('gives a verdict, then one escaped row per expectation with what was observed', () => {
    const markdown = renderValidationSummary(
      report([
        {
          success: false,
          expectation_config: {
            expectation_type: 'expect_column_values_to_not_be_null',
            kwargs: { column: 'order_id' },
          },
          result: { unexpected_count: 3, unexpected_percent: 0.0243 },
          exception_info: NO_EXCEPTION,
        },
        {
          success: false,
          expectation_config: {
            expectation_type: 'expect_column_mean_to_be_between',
            kwargs: { column: 'total' },
            meta: { severity: 'warning' },
          },
          result: { observed_value: 41.5 },
          exception_info: NO_EXCEPTION,
        },
        {
          success: false,
          expectation_config: { expectation_type: 'expect_column_to_exist', kwargs: { column: 'a|b' } },
          result: {},
          exception_info: { ...NO_EXCEPTION, raised_exception: true, exception_message: 'no column "a|b"' },
        },
      ]),
    );
    const lines = markdown.trim().split('\n');
    expect(lines[0]).toBe('### Data validation: orders\\_v2');
    expect(lines[2]).toBe('❌ 3 of 3 expectations failed — 12,345 rows in 1 file.');
    expect(lines.slice(6)).toEqual([
      '| expect\\_column\\_values\\_to\\_not\\_be\\_null | order\\_id | ❌ failed | 0\\.0243% unexpected \\(3\\) |',
      '| expect\\_column\\_mean\\_to\\_be\\_between | total | 🟡 failed (warning) | 41\\.5 |',
      '| expect\\_column\\_to\\_exist | a\\|b | ⚠️ could not run | no column &quot;a\\|b&quot; |',
    ]);
  });
});
