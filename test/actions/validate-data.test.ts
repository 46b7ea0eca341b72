import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAction } from '../harness/run-action';

const seattle = join(import.meta.dirname, '../../node_modules/vega-datasets/data/seattle-weather.csv');

/** A workspace holding seattle-weather.csv and the given files. */
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'validate-data-'));
  copyFileSync(seattle, join(dir, 'weather.csv'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const SUITE = `
expectation_suite_name: weather
expectations:
  - expectation_type: expect_table_row_count_to_equal
    kwargs: { value: 1461 }
  - expectation_type: expect_column_values_to_be_in_set
    kwargs: { column: weather, value_set: [drizzle, rain, sun, snow, fog] }
  - expectation_type: expect_column_values_to_not_be_null
    kwargs: { column: temp_max }
  - expectation_type: expect_column_values_to_be_between
    kwargs: { column: temp_max, min_value: -10, max_value: 30 }
  - expectation_type: expect_column_values_to_be_in_set
    kwargs: { column: weather, value_set: [rain, sun] }
    meta: { severity: warning }
`;

describe('validate-data', () => {
  it('checks real data, writes a GE-shaped report and summary, and annotates the first unexpected rows', async () => {
    const result = await runAction('validate-data', {
      inputs: { data: 'weather.csv', expectations: 'suite.yml' },
      workspace: workspace({ 'suite.yml': SUITE }),
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.outputs).toEqual({
      success: 'false',
      report: 'validation-report.json',
      'failed-count': '2',
      rows: '1461',
    });
    const report = JSON.parse(readFileSync(join(result.workspace, 'validation-report.json'), 'utf8'));
    expect(report.statistics).toMatchObject({ evaluated_expectations: 5, successful_expectations: 3 });
    // The log names both failures with their severity, the warning-level one included.
    expect(result.stdout).toContain('3 of 5 expectations met on 1,461 rows.');
    expect(result.stdout).toMatch(
      /failed \(error\): expect_column_values_to_be_between column "temp_max" \{"min_value":-10,"max_value":30\} — [\d.]+% unexpected/,
    );
    expect(result.stdout).toMatch(/failed \(warning\): expect_column_values_to_be_in_set column "weather"/);
    // temp_max above 30 °C, counted the naive way from the file.
    const rows = readFileSync(seattle, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    const hot = rows.filter((row) => Number(row[2]) > 30);
    expect(report.results[3].result.unexpected_count).toBe(hot.length);
    const firstHotLine = rows.findIndex((row) => Number(row[2]) > 30) + 2;
    const errors = result.annotations.filter(
      (a) => a.level === 'error' && a.properties['file'] === 'weather.csv',
    );
    expect(errors[0]?.properties['line']).toBe(String(firstHotLine));
    expect(errors[0]?.message).toContain(`temp_max: unexpected value ${hot[0]?.[2]}`);
    // The first failures take the annotation budget: ten, though more rows are unexpected.
    expect(hot.length).toBeGreaterThan(10);
    expect(result.annotations.filter((a) => a.properties['file'] === 'weather.csv')).toHaveLength(10);
    expect(result.summary).toContain('| expectation | column | result | observed / unexpected % |');
    expect(result.summary).toMatch(
      /expect\\_column\\_values\\_to\\_be\\_between \| temp\\_max \| ❌ failed \|/,
    );
    expect(result.summary).toContain('🟡 failed (warning)');
  });

  it('fail-on decides which failures fail the step', async () => {
    const suite = SUITE.replace('max_value: 30', 'max_value: 40');
    const onError = await runAction('validate-data', {
      inputs: { data: 'weather.csv', expectations: 'suite.yml' },
      workspace: workspace({ 'suite.yml': suite }),
    });
    expect(onError.exitCode).toBe(0); // only the warning failed
    const firstDrizzle = onError.annotations.find((a) => a.properties['file'] === 'weather.csv');
    expect(firstDrizzle).toMatchObject({ level: 'warning', properties: { line: '2' } });
    expect(firstDrizzle?.message).toContain('weather: unexpected value "drizzle"');
    expect(onError.outputs['success']).toBe('false');
    const onWarning = await runAction('validate-data', {
      inputs: { data: 'weather.csv', expectations: 'suite.yml', 'fail-on': 'warning' },
      workspace: workspace({ 'suite.yml': suite }),
    });
    expect(onWarning.exitCode).toBe(1);
    const never = await runAction('validate-data', {
      inputs: { data: 'weather.csv', expectations: 'suite.yml', 'fail-on': 'never' },
      workspace: workspace({ 'suite.yml': SUITE }),
    });
    expect(never.exitCode).toBe(0);
  });

  it('infers a suite from reference data, writes it, and the reference passes it', async () => {
    const result = await runAction('validate-data', {
      inputs: {
        data: 'weather.csv',
        'infer-from': 'weather.csv',
        'write-expectations': 'expectations/weather.yml',
      },
      workspace: workspace(),
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['success']).toBe('true');
    const suite = parse(readFileSync(join(result.workspace, 'expectations/weather.yml'), 'utf8'));
    const weather = suite.expectations.find(
      (e: { expectation_type: string; kwargs: { column?: string } }) =>
        e.expectation_type === 'expect_column_values_to_be_in_set' && e.kwargs.column === 'weather',
    );
    expect(weather.kwargs.value_set).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
  });

  it('a broken CSV fails with an error that points at the file, line and column', async () => {
    const broken = 'a,b,c\n1,2,3\n4,5\n';
    const result = await runAction('validate-data', {
      inputs: { data: 'broken.csv', expectations: 'suite.yml' },
      workspace: workspace({ 'broken.csv': broken, 'suite.yml': SUITE }),
    });
    expect(result.exitCode).toBe(1);
    const [error] = result.annotations.filter((a) => a.level === 'error');
    expect(error?.properties).toMatchObject({ file: 'broken.csv', line: '3' });
    expect(error?.message).toMatch(/^broken\.csv:3:\d+: row has 2 fields but the header has 3/);
    // The annotation at the line is the step's one error, titled so the run page says what went wrong.
    expect(error?.properties['title']).toBe('unreadable data');
    expect(result.annotations.filter((a) => a.level === 'error')).toHaveLength(1);
    expect(existsSync(join(result.workspace, 'validation-report.json'))).toBe(false);
  });

  it('an unterminated quote, a missing file and an unknown expectation are clear errors', async () => {
    const quote = await runAction('validate-data', {
      inputs: { data: 'q.csv', expectations: 'suite.yml' },
      workspace: workspace({ 'q.csv': 'a,b\n1,"open\n2,3\n', 'suite.yml': SUITE }),
    });
    expect(quote.exitCode).toBe(1);
    expect(quote.annotations[0]?.message).toMatch(/^q\.csv:2:\d+: .*quote/i);
    const missing = await runAction('validate-data', {
      inputs: { data: 'nope.csv', expectations: 'suite.yml' },
      workspace: workspace({ 'suite.yml': SUITE }),
    });
    expect(missing.exitCode).toBe(1);
    expect(missing.annotations[0]?.message).toMatch(/^nope\.csv:1:1: file not found/);
    const unknown = await runAction('validate-data', {
      inputs: { data: 'weather.csv', expectations: 'suite.yml' },
      workspace: workspace({ 'suite.yml': 'expectations:\n  - expectation_type: expect_magic\n' }),
    });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.annotations[0]?.message).toMatch(
      /^suite\.yml:2:5: expectations\[0\]: unknown expectation type "expect_magic"/,
    );
  });
});
