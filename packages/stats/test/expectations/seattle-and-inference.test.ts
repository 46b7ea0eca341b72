import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileDataset } from '../../src/index';
import {
  inferSuite,
  loadReferenceProfile,
  parseSuite,
  suiteToYaml,
  validateDataset,
} from '../../src/expectations/index';
import { vegaDataset } from '../helpers';

const file = vegaDataset('seattle-weather.csv');
const lines = readFileSync(file, 'utf8').trim().split('\n');
const header = (lines[0] as string).split(',');
const rows = lines.slice(1).map((line) => line.split(','));
const numbers = (name: string) => rows.map((row) => Number(row[header.indexOf(name)]));

describe('seattle-weather.csv (vega-datasets)', () => {
  it('median and quantiles lie within the KLL sketch rank error of the exact order statistics', async () => {
    const report = await validateDataset(file, {
      expectation_suite_name: 'weather',
      expectations: [
        {
          expectation_type: 'expect_column_median_to_be_between',
          kwargs: { column: 'temp_max', min_value: -50, max_value: 50 },
        },
        {
          expectation_type: 'expect_column_quantile_values_to_be_between',
          kwargs: {
            column: 'wind',
            quantile_ranges: {
              quantiles: [0.1, 0.9],
              value_ranges: [
                [null, 2],
                [4, null],
              ],
            },
          },
        },
        {
          expectation_type: 'expect_column_distinct_values_to_equal_set',
          kwargs: { column: 'weather', value_set: ['drizzle', 'rain', 'sun', 'snow', 'fog'] },
        },
        { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: 1461 } },
      ],
    });
    const sorted = (name: string) => numbers(name).sort((a, b) => a - b);
    const withinRank = (values: number[], q: number, observed: number, error: number) => {
      const low = values[Math.max(0, Math.floor((q - error) * values.length) - 1)] as number;
      const high = values[Math.min(values.length - 1, Math.ceil((q + error) * values.length))] as number;
      return observed >= low && observed <= high;
    };
    const median = report.results[0]?.result as { observed_value: number; details: { rank_error: number } };
    expect(median.details.rank_error).toBeLessThan(0.003);
    expect(withinRank(sorted('temp_max'), 0.5, median.observed_value, median.details.rank_error)).toBe(true);
    const quantiles = report.results[1]?.result as { observed_value: { values: number[] } };
    const wind = sorted('wind');
    expect(withinRank(wind, 0.1, quantiles.observed_value.values[0] as number, 0.003)).toBe(true);
    expect(withinRank(wind, 0.9, quantiles.observed_value.values[1] as number, 0.003)).toBe(true);
    expect(report.results[1]?.success).toBe((wind[146] as number) <= 2 && (wind[1314] as number) >= 4);
    expect(report.results[2]?.result['observed_value']).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(report.success).toBe(report.results[1]?.success);
  });
});

describe('suite inference', () => {
  it('proposes columns, not-null, widened ranges, small value sets and a row count range', async () => {
    const suite = inferSuite(await profileDataset(file));
    const find = (type: string, column?: string) =>
      suite.expectations.find(
        (e) => e.expectation_type === type && (column === undefined || e.kwargs['column'] === column),
      )?.kwargs;
    expect(find('expect_table_columns_to_match_set')).toEqual({ column_set: header, exact_match: true });
    expect(find('expect_table_row_count_to_be_between')).toEqual({ min_value: 730, max_value: 2922 });
    expect(find('expect_column_values_to_not_be_null', 'wind')).toEqual({ column: 'wind', mostly: 0.99 });
    expect(find('expect_column_values_to_be_in_set', 'weather')).toEqual({
      column: 'weather',
      value_set: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
    });
    expect(find('expect_column_values_to_be_of_type', 'date')).toEqual({ column: 'date', type_: 'datetime' });
    const temp = numbers('temp_max');
    const [min, max] = [Math.min(...temp), Math.max(...temp)];
    const range = find('expect_column_values_to_be_between', 'temp_max') as {
      min_value: number;
      max_value: number;
    };
    expect(range.min_value).toBeLessThanOrEqual(min - 0.1 * (max - min));
    expect(range.min_value).toBeGreaterThan(min - 0.11 * (max - min));
    expect(range.max_value).toBeGreaterThanOrEqual(max + 0.1 * (max - min));
    expect(range.max_value).toBeLessThan(max + 0.11 * (max - min));

    // The reference passes its own suite; the YAML round-trips.
    const again = parseSuite(suiteToYaml(suite), 'inferred.yml');
    expect(again.expectations).toEqual(suite.expectations);
    expect((await validateDataset(file, again)).success).toBe(true);
  });

  it('null shares give a mostly that tolerates twice the reference share, and a profile.json works as reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infer-'));
    const data = join(dir, 'ref.csv');
    // 10 rows, 1 null in x (10%) → mostly 1 − 0.2 = 0.8; 6 nulls in y → no not-null proposal.
    writeFileSync(
      data,
      [
        'x,y,n',
        ...Array.from({ length: 10 }, (_, i) => `${i === 3 ? '' : 'a'},${i < 6 ? '' : 'b'},${i}`),
      ].join('\n'),
    );
    const profilePath = join(dir, 'profile.json');
    writeFileSync(profilePath, JSON.stringify(await profileDataset(data), null, 2));
    const suite = inferSuite(await loadReferenceProfile(profilePath));
    const notNull = suite.expectations
      .filter((e) => e.expectation_type === 'expect_column_values_to_not_be_null')
      .map((e) => e.kwargs);
    expect(notNull).toEqual([
      { column: 'x', mostly: 0.8 },
      { column: 'n', mostly: 0.99 },
    ]);
    expect(
      suite.expectations.find(
        (e) => e.kwargs['column'] === 'n' && e.expectation_type === 'expect_column_values_to_be_between',
      )?.kwargs,
    ).toEqual({
      column: 'n',
      min_value: -1,
      max_value: 10,
    });
  });
});
