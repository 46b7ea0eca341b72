import { severityOf, type ExpectationResult, type ValidationResult } from '@mlops-actions/stats';
import { plainText } from './cells';
import { escapeMarkdown } from './escape';
import { formatNumber } from './format';

/**
 * The Markdown summary of a validation result (validate-data's job summary, the CLI's `--summary`):
 * a verdict line, then one table row per expectation with its result and what was observed.
 */
export function renderValidationSummary(report: ValidationResult): string {
  const { statistics, meta } = report;
  const verdict = report.success
    ? '✅ all expectations met'
    : `❌ ${statistics.unsuccessful_expectations} of ${statistics.evaluated_expectations} expectations failed`;
  const lines = [
    `### Data validation: ${escapeMarkdown(meta.expectation_suite_name)}`,
    '',
    `${verdict} — ${meta.rows.toLocaleString('en-US')} rows in ${meta.files.length} file${meta.files.length === 1 ? '' : 's'}.`,
    '',
    '| expectation | column | result | observed / unexpected % |',
    '| --- | --- | --- | --- |',
    ...report.results.map(row),
  ];
  return lines.join('\n') + '\n';
}

function row(result: ExpectationResult): string {
  const { expectation_type: type, kwargs } = result.expectation_config;
  const column = typeof kwargs['column'] === 'string' ? escapeMarkdown(kwargs['column']) : '';
  const status = result.exception_info.raised_exception
    ? '⚠️ could not run'
    : result.success
      ? '✅ passed'
      : severityOf(result.expectation_config) === 'warning'
        ? '🟡 failed (warning)'
        : '❌ failed';
  return `| ${escapeMarkdown(type)} | ${column} | ${status} | ${escapeMarkdown(detail(result))} |`;
}

/**
 * One plain-text line per expectation that did not pass, for a console or job log: its severity,
 * what it checks, and why it failed (what was observed) or why it could not run. Data-derived
 * text (column names, observed values) is left as is: the caller escapes it for its log.
 *
 * @example describeFailedExpectations(report)
 * // ['failed (warning): expect_column_values_to_be_between column "age" {"min_value":0,"max_value":120} — 1.5% unexpected (3)']
 */
export function describeFailedExpectations(report: ValidationResult): string[] {
  return report.results
    .filter((result) => !result.success)
    .map((result) => {
      const { expectation_type: type, kwargs } = result.expectation_config;
      const { column, ...rest } = kwargs;
      const outcome = result.exception_info.raised_exception ? 'could not run' : 'failed';
      const subject = typeof column === 'string' ? ` column ${JSON.stringify(column)}` : '';
      const args = Object.keys(rest).length > 0 ? ` ${shorten(JSON.stringify(rest))}` : '';
      return `${outcome} (${severityOf(result.expectation_config)}): ${type}${subject}${args} — ${detail(result)}`;
    });
}

function detail(result: ExpectationResult): string {
  if (result.exception_info.raised_exception) return result.exception_info.exception_message ?? '';
  const { unexpected_percent: percent, unexpected_count: count, observed_value: observed } = result.result;
  if (typeof count === 'number') {
    const share = typeof percent === 'number' ? `${formatNumber(percent)}%` : 'n/a';
    return `${share} unexpected (${count.toLocaleString('en-US')})`;
  }
  return shorten(plainText(observed));
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
