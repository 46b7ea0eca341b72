import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileDataset } from '../../src/profiles/index';
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
    expect(find('expect_table_row_count_to_be_between')).toEqual({ min_value: 365, max_value: 5844 });
    expect(find('expect_column_values_to_not_be_null', 'wind')).toEqual({ column: 'wind', mostly: 0.99 });
    expect(find('expect_column_values_to_be_in_set', 'weather')).toEqual({
      column: 'weather',
      value_set: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
      mostly: 0.99,
    });
    expect(find('expect_column_values_to_be_of_type', 'date')).toEqual({ column: 'date', type_: 'datetime' });
    // temp_max: each side widened by twice its tail past the 10th/90th percentile, or share·range if larger.
    const temp = Float64Array.from(numbers('temp_max')).sort();
    const n = temp.length;
    const [min, max] = [temp[0] as number, temp[n - 1] as number];
    const p10 = temp[Math.floor(0.1 * n)] as number;
    const p90 = temp[Math.floor(0.9 * n)] as number;
    const share = 0.1 + 2 / Math.sqrt(n);
    const padLow = Math.max(share * (max - min), 2 * (p10 - min));
    const padHigh = Math.max(share * (max - min), 2 * (max - p90));
    const range = find('expect_column_values_to_be_between', 'temp_max') as {
      min_value: number;
      max_value: number;
      mostly: number;
    };
    expect(range.mostly).toBe(0.99);
    // Rounded outwards to 3 significant digits; the sketch's percentiles may sit one rank off the exact ones.
    expect(range.min_value).toBeLessThanOrEqual(min - padLow + 0.3);
    expect(range.min_value).toBeGreaterThan(min - padLow - 0.5);
    expect(range.max_value).toBeGreaterThanOrEqual(max + padHigh - 0.3);
    expect(range.max_value).toBeLessThan(max + padHigh + 0.5);
    // Mean within 4 standard errors of a difference between 1461 reference rows and a batch of 365.
    const mean = temp.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(temp.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const halfWidth = 4 * sd * Math.sqrt(1 / n + 1 / 365);
    const meanBounds = find('expect_column_mean_to_be_between', 'temp_max') as {
      min_value: number;
      max_value: number;
    };
    expect(meanBounds.min_value).toBeLessThanOrEqual(mean - halfWidth);
    expect(meanBounds.min_value).toBeGreaterThan(mean - halfWidth - 0.01);
    expect(meanBounds.max_value).toBeGreaterThanOrEqual(mean + halfWidth);
    expect(meanBounds.max_value).toBeLessThan(mean + halfWidth + 0.01);
    // precipitation is never negative in the reference, so its lower bound stays at 0 (not 0 less a margin).
    expect(find('expect_column_values_to_be_between', 'precipitation')).toMatchObject({ min_value: 0 });

    // The reference passes its own suite; the YAML round-trips.
    const again = parseSuite(suiteToYaml(suite), 'inferred.yml');
    expect(again.expectations).toEqual(suite.expectations);
    expect((await validateDataset(file, again)).success).toBe(true);
  });

  it('null shares give a mostly that tolerates twice the reference share, and a profile.json works as reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infer-'));
    const data = join(dir, 'ref.csv');
    // 200 rows, 20 nulls in x (10 %) → mostly 1 − (0.1 + 4·√(0.1·0.9/50)), the binomial noise of the smallest
    // batch the row band accepts (50 rows) being larger than twice the share; 120 nulls in y → no not-null proposal;
    // no null in n → the rule of three, doubled: 6/200 → 0.97.
    writeFileSync(
      data,
      [
        'x,y,n',
        ...Array.from({ length: 200 }, (_, i) => `${i % 10 === 3 ? '' : 'a'},${i % 10 < 6 ? '' : 'b'},${i}`),
      ].join('\n'),
    );
    const profilePath = join(dir, 'profile.json');
    writeFileSync(profilePath, JSON.stringify(await profileDataset(data), null, 2));
    const suite = inferSuite(await loadReferenceProfile(profilePath));
    const notNull = suite.expectations
      .filter((e) => e.expectation_type === 'expect_column_values_to_not_be_null')
      .map((e) => e.kwargs);
    expect(notNull).toEqual([
      { column: 'x', mostly: Math.floor(100 * (1 - (0.1 + 4 * Math.sqrt((0.1 * 0.9) / 50)))) / 100 },
      { column: 'n', mostly: 0.97 },
    ]);
    expect(
      suite.expectations.find(
        (e) => e.kwargs['column'] === 'n' && e.expectation_type === 'expect_column_values_to_be_between',
      )?.kwargs,
    ).toEqual({
      column: 'n',
      // never negative, so not below 0; 199 plus (0.1 + 2/√200) of the range 199, that being over twice the tail
      min_value: 0,
      max_value: Math.ceil(199 + 199 * (0.1 + 2 / Math.sqrt(200))),
      mostly: 0.99,
    });
  });
});
